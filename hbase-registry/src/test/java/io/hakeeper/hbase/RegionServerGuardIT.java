package io.hakeeper.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hakeeper.core.health.HealthChecks;
import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.testkit.QuorumFixture;
import io.hakeeper.testkit.TcpProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch-only RegionServer guard against a process standing in for a real RegionServer (its own session, its own
 * znode, its port answering), on real ZooKeeper: it stops that process when the host is cut from ZooKeeper, before
 * the process's session expires (the moment the master would declare it dead); when its znode is gone while it still
 * serves; and never while it is healthy, across ZooKeeper member restarts. The stop is the operator's command,
 * {@code kill -9 $HBASE_PID}, run by the guard.
 */
class RegionServerGuardIT {
    @TempDir
    Path dir;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @AfterEach
    void closeAll() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }

    /**
     * The host (the RegionServer and its guard, through one proxy) is cut from ZooKeeper. The guard kills the
     * RegionServer at half its session of silence; ZooKeeper expires the RegionServer's session (deleting its znode,
     * which is what the master acts on) only later. Without the guard's lease the process would still run when its
     * znode goes (the test fails: it is alive at the expiry).
     */
    @Test
    void aHostCutFromZooKeeperHasItsRegionServerStoppedBeforeItsSessionExpires() throws Exception {
        TestingServer zk = new TestingServer(true);
        open.push(zk);
        TcpProxy host = TcpProxy.start("127.0.0.1", zk.getPort());
        open.push(host);
        Duration session = Duration.ofSeconds(6);
        CuratorFramework admin = connect(zk.getConnectString(), session);
        HbaseZnodes.defaults().createBaseZnodes(admin);
        ServerName rs = new ServerName("127.0.0.1", FreePorts.reserve(1)[0], System.currentTimeMillis());
        JavaProcess standIn = standIn(host.address(), session, rs);
        RegionServerGuard guard = guard(host.address(), session, rs, pidFile(), Duration.ofSeconds(1));
        Await.until(() -> guard.status().startsWith("watching " + rs), Duration.ofSeconds(15), "the guard watching " + rs);

        AtomicLong goneAt = new AtomicLong();
        Thread watcher = new Thread(() -> {
            try {
                while (admin.checkExists().forPath(HbaseZnodes.defaults().rs(rs)) != null) {
                    Thread.sleep(10);
                }
                goneAt.set(System.nanoTime());
            } catch (Exception e) {
                // the test times out on goneAt
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        long cut = System.nanoTime();
        host.mode(TcpProxy.Mode.BLACKHOLE);
        Await.until(() -> !standIn.isAlive(), Duration.ofSeconds(20), "the RegionServer stopped");
        long stoppedAt = System.nanoTime();
        Await.until(() -> goneAt.get() != 0, Duration.ofSeconds(30), "its session expired on the server");
        System.out.printf("cut at 0; RegionServer stopped at %d ms; its znode deleted (session expired) at %d ms%n",
                (stoppedAt - cut) / 1_000_000, (goneAt.get() - cut) / 1_000_000);
        assertTrue(stoppedAt < goneAt.get(), "stopped before ZooKeeper declared it dead");
        assertEquals(1.0, stops("cut"), "one stop, counted");
    }

    /**
     * The znode of the incarnation the guard watches is deleted while its process runs and answers: a zombie, stopped
     * after the grace. A new incarnation (new start code, new pid) is watched afresh and left alone.
     */
    @Test
    void aZombieIsStoppedAndTheNextIncarnationIsLeftAlone() throws Exception {
        TestingServer zk = new TestingServer(true);
        open.push(zk);
        Duration session = Duration.ofSeconds(6);
        CuratorFramework admin = connect(zk.getConnectString(), session);
        HbaseZnodes.defaults().createBaseZnodes(admin);
        int port = FreePorts.reserve(1)[0];
        ServerName first = new ServerName("127.0.0.1", port, 1);
        JavaProcess zombie = standIn(zk.getConnectString(), session, first);
        RegionServerGuard guard = guard(zk.getConnectString(), session, first, pidFile(), Duration.ofSeconds(1));
        Await.until(() -> guard.status().startsWith("watching " + first), Duration.ofSeconds(15), "watching " + first);

        admin.delete().forPath(HbaseZnodes.defaults().rs(first)); // gone, as after an expiry the process missed
        Await.until(() -> !zombie.isAlive(), Duration.ofSeconds(15), "the zombie stopped");
        assertEquals(1.0, stops("zombie"));

        ServerName second = new ServerName("127.0.0.1", port, 2);
        JavaProcess next = standIn(zk.getConnectString(), session, second);
        Await.until(() -> guard.status().equals("watching " + second + " (pid " + next.pid() + ")"), Duration.ofSeconds(15),
                "watching " + second + " as pid " + next.pid());
        Thread.sleep(3000);
        assertTrue(next.isAlive(), "a registered, healthy RegionServer is left alone");
        assertEquals(1.0, stops("zombie"));
    }

    /**
     * A healthy RegionServer across 100 restarts of ZooKeeper members (leader or follower, one at a time, each back in
     * the quorum before the next): never stopped.
     */
    @Test
    void aHealthyRegionServerIsNeverStoppedAcrossAHundredMemberRestarts() throws Exception {
        QuorumFixture quorum = QuorumFixture.start(3);
        open.push(quorum);
        Duration session = Duration.ofSeconds(10);
        CuratorFramework admin = connect(quorum.connectString(), session);
        HbaseZnodes.defaults().createBaseZnodes(admin);
        ServerName rs = new ServerName("127.0.0.1", FreePorts.reserve(1)[0], 7);
        JavaProcess standIn = standIn(quorum.connectString(), session, rs);
        RegionServerGuard guard = guard(quorum.connectString(), session, rs, pidFile(), Duration.ofSeconds(1));
        Await.until(() -> guard.status().startsWith("watching " + rs), Duration.ofSeconds(15), "watching " + rs);
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            var member = quorum.members().get(i % 3);
            quorum.restart(member);
            int restart = i;
            // a rolling restart, as an operator does it: the whole quorum serves again before the next member goes
            Await.until(() -> quorum.members().stream().allMatch(quorum::serving), Duration.ofSeconds(30),
                    "every member serving after restart " + restart);
        }
        System.out.printf("100 member restarts in %d s%n", (System.nanoTime() - start) / 1_000_000_000);
        Await.until(() -> registered(admin, rs), Duration.ofSeconds(10), "still registered");
        assertTrue(standIn.isAlive(), "never stopped: " + guard.status());
        assertEquals(0.0, stops("cut") + stops("zombie"));
        assertTrue(guard.status().startsWith("watching " + rs), guard.status());
    }

    private static boolean registered(CuratorFramework admin, ServerName rs) {
        try {
            return admin.checkExists().forPath(HbaseZnodes.defaults().rs(rs)) != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean logSays(JavaProcess p, String line) {
        try {
            return Files.readString(p.logFile()).contains(line);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private double stops(String reason) {
        var c = metrics.find("hakeeper_rs_guard_stops").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private CuratorFramework connect(String connect, Duration session) {
        CuratorFramework c = ZkSettings.builder(connect).sessionTimeout(session).connectionTimeout(session).build().connect();
        open.push(c);
        return c;
    }

    private JavaProcess standIn(String connect, Duration session, ServerName rs) throws Exception {
        JavaProcess p = JavaProcess.of("rs-" + rs.startCode(), RegionServerStandIn.class.getName(), List.of(),
                List.of(connect, Long.toString(session.toMillis()), rs.toString(), pidFile().toString()),
                dir.resolve("rs-" + rs.startCode() + ".log"));
        open.push(p);
        p.start();
        Await.until(() -> logSays(p, "registered " + rs), Duration.ofSeconds(30), rs + " registered");
        return p;
    }

    /** The stand-in writes its pid here before it registers, as hbase-daemon.sh does for a RegionServer. */
    private Path pidFile() {
        return dir.resolve("regionserver.pid");
    }

    private RegionServerGuard guard(String connect, Duration session, ServerName rs, Path pidFile, Duration grace) {
        CuratorFramework c = connect(connect, session);
        RegionServerGuard g = new RegionServerGuard(c, connect, HbaseZnodes.defaults(), new RegionServerGuard.Settings(rs.host(),
                rs.port(), session, pidFile, HealthChecks.parse("tcp:" + rs.host() + ":" + rs.port(), "--health"), 0.5,
                grace, false), RegionServerGuard.commandStopper("kill -9 \"$HBASE_PID\"", Duration.ofSeconds(10)), metrics);
        open.push(g);
        return g.start();
    }
}
