package io.hakeeper.hbase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.Abortable;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.shaded.protobuf.ProtobufUtil;
import org.apache.hadoop.hbase.shaded.protobuf.generated.HBaseProtos;
import org.apache.hadoop.hbase.zookeeper.MasterAddressTracker;
import org.apache.hadoop.hbase.zookeeper.ZKUtil;
import org.apache.hadoop.hbase.zookeeper.ZKWatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registering agents beside HBase's own ZooKeeper code (HBase 2.6's {@code ZKUtil} and
 * {@code MasterAddressTracker}, as a RegionServer and a master call them): an rs-agent never registers beside a
 * RegionServer that registered itself, a master-agent never deletes a master's node, and HBase's reader takes the
 * master node our agent writes.
 */
class RealHbaseCodeIT {
    private final HbaseZnodes znodes = HbaseZnodes.defaults();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private TestingServer zk;

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        znodes.createBaseZnodes(client());
    }

    @AfterEach
    void stop() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
        zk.close();
    }

    /** As HRegionServer.createMyEphemeralNode: RegionServerInfo behind the PB magic, ZKUtil.createEphemeralNodeAndWatch. */
    @Test
    void anRsAgentNeverRegistersBesideARegionServerThatRegisteredItself() throws Exception {
        ZKWatcher hbase = watcher("regionserver");
        String realPath = hbase.getZNodePaths().rsZNode + "/rs1.example.com,16020,1700000000001";
        byte[] realData = ProtobufUtil.prependPBMagic(HBaseProtos.RegionServerInfo.newBuilder().setInfoPort(16030)
                .setVersionInfo(ProtobufUtil.getVersionInfo()).build().toByteArray());
        assertTrue(ZKUtil.createEphemeralNodeAndWatch(hbase, realPath, realData), "HBase's RegionServer registered");
        CuratorFramework admin = client();
        byte[] stored = admin.getData().forPath(realPath); // HBase's RecoverableZooKeeper wraps it with its metadata

        ServerName phantom = new ServerName("rs1.example.com", 16020, 1800000000000L);
        List<String> stops = new CopyOnWriteArrayList<>();
        RegionServerAgent agent = new RegionServerAgent(client(), znodes, phantom, new HbaseMessages.RegionServerInfo(16030,
                AgentVersion.info()), "regionserver:16020", null, () -> stops.add("stop"), Duration.ofSeconds(6));
        open.push(agent);
        agent.start();
        Await.until(() -> agent.status().startsWith("refused"), Duration.ofSeconds(10), "refused beside the real RegionServer");
        assertNull(admin.checkExists().forPath(znodes.rs(phantom)), "no phantom registration");
        assertArrayEquals(stored, admin.getData().forPath(realPath), "the real registration is untouched");
        assertEquals(List.of(), stops);
    }

    /**
     * The other order: the agent registered first (its start code its own start time), then HBase's RegionServer
     * registers itself at the same host and port. The agent withdraws its registration and stops for good (exit 8 as
     * a process), leaving the real one alone; the master never sees a phantom server at the real one's address.
     */
    @Test
    void anRsAgentWithdrawsWhenARealRegionServerRegistersAfterIt() throws Exception {
        ServerName agentName = ServerName.forAgent("rs1.example.com,16020", System.currentTimeMillis());
        List<String> stops = new CopyOnWriteArrayList<>();
        RegionServerAgent agent = new RegionServerAgent(client(), znodes, agentName, new HbaseMessages.RegionServerInfo(16030,
                AgentVersion.info()), "regionserver:16020", null, () -> stops.add("stop"), Duration.ofSeconds(6),
                Duration.ofMillis(300));
        open.push(agent);
        agent.start();
        Await.until(() -> agent.status().startsWith("registered"), Duration.ofSeconds(10), "the agent registered");
        CuratorFramework admin = client();
        assertTrue(exists(admin, znodes.rs(agentName)));

        ZKWatcher hbase = watcher("regionserver");
        String realPath = hbase.getZNodePaths().rsZNode + "/rs1.example.com,16020," + (agentName.startCode() + 1);
        byte[] realData = ProtobufUtil.prependPBMagic(HBaseProtos.RegionServerInfo.newBuilder().setInfoPort(16030)
                .setVersionInfo(ProtobufUtil.getVersionInfo()).build().toByteArray());
        assertTrue(ZKUtil.createEphemeralNodeAndWatch(hbase, realPath, realData), "HBase's RegionServer registered");
        byte[] stored = admin.getData().forPath(realPath);

        Await.until(() -> agent.failure() != null, Duration.ofSeconds(10), "the agent withdrew");
        assertEquals(io.hakeeper.core.error.ExitCode.CONFLICT, agent.failure().exitCode());
        assertTrue(agent.failure().getMessage().contains("rs1.example.com,16020," + (agentName.startCode() + 1)),
                agent.failure().getMessage());
        Await.until(() -> !exists(admin, znodes.rs(agentName)), Duration.ofSeconds(5), "the agent's registration removed");
        Thread.sleep(1000); // ticks enough to register again, if it would
        assertEquals(List.of(realPath.substring(realPath.lastIndexOf('/') + 1)), admin.getChildren().forPath(znodes.rs()),
                "only the real RegionServer is registered");
        assertArrayEquals(stored, admin.getData().forPath(realPath), "the real registration is untouched");
        assertEquals(List.of(), stops, "the real RegionServer is never told to stop");
    }

    /**
     * A master registered by MasterAddressTracker.setMasterAddress, at the agent's own address: the agent stays a
     * backup and never deletes it; when the real master goes, the agent wins, and HBase's own reader
     * (MasterAddressTracker.getMasterAddress) takes what it wrote.
     */
    @Test
    void aMasterAgentNeverDeletesARealMastersNodeAndHbaseReadsOurs() throws Exception {
        ZKWatcher realMaster = watcher("master");
        org.apache.hadoop.hbase.ServerName real = org.apache.hadoop.hbase.ServerName.valueOf("hm1.example.com", 16000, 1700000000000L);
        assertTrue(MasterAddressTracker.setMasterAddress(realMaster, realMaster.getZNodePaths().masterAddressZNode, real, 16010));
        CuratorFramework admin = client();
        long realOwner = admin.checkExists().forPath(znodes.master()).getEphemeralOwner();

        ServerName ours = new ServerName("hm1.example.com", 16000, 1800000000000L);
        List<String> seen = new CopyOnWriteArrayList<>();
        MasterAgent agent = new MasterAgent(client(), znodes, ours, 16010, "master:16000", new MasterAgent.Listener() {
            @Override
            public void becameActive(long epoch) {
                seen.add("active " + epoch);
            }

            @Override
            public void becameBackup(String why) {
            }
        });
        open.push(agent);
        agent.start();
        Await.until(() -> exists(admin, znodes.backupMaster(ours)), Duration.ofSeconds(10), "the agent a backup");
        Thread.sleep(2000); // attempts enough to take the node, if it would
        assertEquals(realOwner, admin.checkExists().forPath(znodes.master()).getEphemeralOwner(), "the real master's node is untouched");
        assertEquals(List.of(), seen, "never active beside the real master");

        realMaster.close(); // the real master goes, and its session with it
        Await.until(() -> agent.epoch() >= 0, Duration.ofSeconds(20), "the agent active once the real master is gone");
        ZKWatcher reader = watcher("reader");
        org.apache.hadoop.hbase.ServerName read = MasterAddressTracker.getMasterAddress(reader);
        assertEquals(org.apache.hadoop.hbase.ServerName.valueOf(ours.host(), ours.port(), ours.startCode()), read,
                "HBase's reader takes our master node");
    }

    private ZKWatcher watcher(String name) throws Exception {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", "127.0.0.1");
        conf.setInt("hbase.zookeeper.property.clientPort", zk.getPort());
        conf.setInt("zookeeper.session.timeout", 6000);
        ZKWatcher w = new ZKWatcher(conf, name, new Abortable() {
            private volatile boolean aborted;

            @Override
            public void abort(String why, Throwable e) {
                aborted = true;
            }

            @Override
            public boolean isAborted() {
                return aborted;
            }
        });
        open.push(w);
        return w;
    }

    private CuratorFramework client() {
        CuratorFramework c = ZkSettings.builder(zk.getConnectString()).sessionTimeout(Duration.ofSeconds(6)).build().connect();
        open.push(c);
        return c;
    }

    private static boolean exists(CuratorFramework c, String path) {
        try {
            return c.checkExists().forPath(path) != null;
        } catch (Exception e) {
            return false;
        }
    }
}
