package io.hakeeper.bench;

import io.hakeeper.core.zk.SessionExpirer;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.hbase.HbaseMessages;
import io.hakeeper.hbase.HbaseZnodes;
import io.hakeeper.hbase.RegionServerAgent;
import io.hakeeper.hbase.RegionServerTracker;
import io.hakeeper.hbase.ServerName;
import io.hakeeper.quorum.DevEnsemble;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hakeeper bench hbase}: N RegionServer agents (each its own ZooKeeper session) register against the dev
 * quorum; the time until a master's tracker sees them all; then 100 of their sessions are expired on the server and
 * the time until the tracker has reported every one of those leaves.
 */
@Command(name = "hbase", description = "RegionServer registration and leave detection at scale.")
final class HbaseBench implements Callable<Integer> {
    @Option(names = "--servers", defaultValue = "1000") int servers;
    @Option(names = "--expire", defaultValue = "100") int expire;
    @Option(names = "--session-ms", defaultValue = "10000") long sessionMs;
    @Option(names = "--dir", description = "Scratch directory (default: a new temporary one).") Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = dir != null ? dir : Files.createTempDirectory("hakeeper-bench-hbase");
        HbaseZnodes znodes = HbaseZnodes.defaults();
        List<AutoCloseable> open = new ArrayList<>();
        try (DevEnsemble quorum = new DevEnsemble(3, 0, false, scratch.resolve("quorum")).memberHeap("1g").start(Duration.ofSeconds(120));
             CuratorFramework master = ZkSettings.builder(quorum.connectString()).build().connect()) {
            znodes.createBaseZnodes(master);
            try {
                run(out, quorum, master, znodes, open);
            } finally { // agents and tracker first, while their clients and the quorum are still up
                for (int i = open.size() - 1; i >= 0; i--) {
                    try {
                        open.get(i).close();
                    } catch (Exception ignored) {
                        // closing what is left
                    }
                }
            }
        }
        return 0;
    }

    private void run(PrintWriter out, DevEnsemble quorum, CuratorFramework master, HbaseZnodes znodes, List<AutoCloseable> open)
            throws Exception {
        Set<ServerName> left = ConcurrentHashMap.newKeySet();
        RegionServerTracker tracker = new RegionServerTracker(master, znodes, new RegionServerTracker.Listener() {
            @Override
            public void joined(ServerName server, HbaseMessages.RegionServerInfo info) {
            }

            @Override
            public void left(ServerName server) {
                left.add(server);
            }
        });
        open.add(tracker);
        tracker.start();
        List<CuratorFramework> clients = new ArrayList<>();
        long t0 = System.nanoTime();
        ExecutorService starter = Executors.newFixedThreadPool(16);
        List<ServerName> names = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            ServerName sn = new ServerName("rs" + i + ".bench", 16020, 1);
            names.add(sn);
            starter.execute(() -> {
                CuratorFramework c = ZkSettings.builder(quorum.connectString()).sessionTimeout(Duration.ofMillis(sessionMs))
                        .build().connect();
                RegionServerAgent a = new RegionServerAgent(c, znodes, sn, new HbaseMessages.RegionServerInfo(16030,
                        new HbaseMessages.VersionInfo("2.6.4", "bench", "", "", "", "", 2, 6)), "regionserver:16020",
                        null, () -> { }, Duration.ofMillis(sessionMs)).start();
                synchronized (open) {
                    clients.add(c);
                    open.add(c);
                    open.add(a);
                }
            });
        }
        starter.shutdown();
        starter.awaitTermination(10, TimeUnit.MINUTES);
        while (tracker.liveServers().size() < servers) {
            if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10)) {
                throw new IllegalStateException("only " + tracker.liveServers().size() + " of " + servers + " registered");
            }
            Thread.sleep(5);
        }
        double registerMs = (System.nanoTime() - t0) / 1e6;
        out.printf("%d RegionServers registered and tracked in %.0f ms%n", servers, registerMs);
        out.flush();

        List<CuratorFramework> victims;
        synchronized (open) {
            victims = new ArrayList<>(clients.subList(0, expire));
        }
        long t1 = System.nanoTime();
        ExecutorService killer = Executors.newFixedThreadPool(16);
        for (CuratorFramework v : victims) {
            killer.execute(() -> {
                try {
                    SessionExpirer.expire(v, Duration.ofSeconds(30));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        killer.shutdown();
        killer.awaitTermination(5, TimeUnit.MINUTES);
        double expireMs = (System.nanoTime() - t1) / 1e6;
        while (left.size() < expire) {
            if (System.nanoTime() - t1 > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException("only " + left.size() + " of " + expire + " leaves reported");
            }
            Thread.sleep(5);
        }
        double leaveMs = (System.nanoTime() - t1) / 1e6;
        out.printf("%d sessions expired (the expiring took %.0f ms); every leave reported %.0f ms after the first expiry%n",
                expire, expireMs, leaveMs);
        out.println(new ResultLine("hbase").put("servers", servers).put("register_ms", Math.round(registerMs))
                .put("leave_detect_ms", Math.round(leaveMs)).put("expired", expire));
    }
}
