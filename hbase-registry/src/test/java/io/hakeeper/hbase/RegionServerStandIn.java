package io.hakeeper.hbase;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Stands in for a real RegionServer in the guard's tests, as a process of its own: its own ZooKeeper session (a plain
 * client, as HBase's), its own ephemeral {@code /hbase/rs/<host,port,startcode>}, and its port answering TCP (what
 * the guard's health check asks). It registers once, as a RegionServer does, and runs until it is killed.
 * Arguments: {@code connect sessionMs host,port,startcode pidFile}; the pid file is written first, as
 * {@code hbase-daemon.sh} does before the RegionServer registers.
 */
public final class RegionServerStandIn {
    private RegionServerStandIn() {
    }

    public static void main(String[] args) throws Exception {
        ServerName me = ServerName.parse(args[2]);
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[3]), Long.toString(ProcessHandle.current().pid()));
        ServerSocket serving = new ServerSocket(me.port(), 50, InetAddress.getByName(me.host()));
        Thread accept = new Thread(() -> {
            while (true) {
                try (Socket s = serving.accept()) {
                    s.getOutputStream().flush();
                } catch (Exception e) {
                    return;
                }
            }
        });
        accept.setDaemon(false);
        accept.start();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(args[0], Integer.parseInt(args[1]), e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not connected to ZooKeeper in 30 s");
        }
        zk.create("/hbase/rs/" + me, "stand-in".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        System.out.println("registered " + me + " in session 0x" + Long.toHexString(zk.getSessionId()));
        accept.join(); // until killed
    }
}
