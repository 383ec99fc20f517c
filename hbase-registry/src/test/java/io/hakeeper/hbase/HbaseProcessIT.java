package io.hakeeper.hbase;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.testkit.SplitBrainChecker;
import io.hakeeper.testkit.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agents as real processes: kill -9, SIGSTOP, a network cut; the tracker and the backup list watched throughout. */
class HbaseProcessIT {
    static final long SESSION_MS = 4000;
    @TempDir
    Path dir;
    TestingServer zk;
    CuratorFramework admin;
    final List<AutoCloseable> open = new ArrayList<>();
    final HbaseZnodes znodes = HbaseZnodes.defaults();
    final Map<ServerName, Long> leftAt = new ConcurrentHashMap<>();
    RegionServerTracker tracker;

    @BeforeEach
    void start() throws Exception {
        // unlimited connections from one address: a hundred agents share 127.0.0.1 here (ZooKeeper allows 60)
        zk = new TestingServer(new org.apache.curator.test.InstanceSpec(null, -1, -1, -1, true, -1, -1, 0), true);
        admin = ZkSettings.builder(zk.getConnectString()).build().connect();
        znodes.createBaseZnodes(admin);
        tracker = new RegionServerTracker(admin, znodes, new RegionServerTracker.Listener() {
            @Override
            public void joined(ServerName server, HbaseMessages.RegionServerInfo info) {
                leftAt.remove(server);
            }

            @Override
            public void left(ServerName server) {
                leftAt.put(server, System.currentTimeMillis());
            }
        });
        tracker.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        tracker.close();
        admin.close();
        zk.close();
    }

    JavaProcess agent(String kind, ServerName sn, String connect, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(kind, "--connect", connect, "--server", sn.toString(),
                "--session-ms", Long.toString(SESSION_MS)));
        args.addAll(List.of(extra));
        JavaProcess p = JavaProcess.of(kind + "-" + sn.host(), HbaseAgentMain.class.getName(), List.of("-Xmx64m"), args,
                dir.resolve(kind + "-" + sn.host() + ".log"));
        open.add(p);
        return p.start();
    }

    String log(String kind, ServerName sn) {
        try {
            return Files.readString(dir.resolve(kind + "-" + sn.host() + ".log"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    Set<String> backups() {
        try {
            return new TreeSet<>(admin.getChildren().forPath(znodes.backupMasters()));
        } catch (Exception e) {
            return Set.of("(unreadable: " + e + ")");
        }
    }

    @Test
    void killNineOfTheActiveMasterHandsOverToTheBackup() throws Exception {
        SplitBrainChecker checker = SplitBrainChecker.atFile(dir.resolve("ledger"));
        ServerName m1 = new ServerName("hm1.example.com", 16000, 1);
        ServerName m2 = new ServerName("hm2.example.com", 16000, 2);
        JavaProcess p1 = agent("master", m1, zk.getConnectString(), "--ledger", dir.resolve("ledger").toString());
        Await.until(() -> log("master", m1).contains("is the active master"), Duration.ofSeconds(30), "hm1 active");
        agent("master", m2, zk.getConnectString(), "--ledger", dir.resolve("ledger").toString());
        Await.until(() -> backups().equals(Set.of(m2.toString())), Duration.ofSeconds(30), "hm2 the only backup");

        long killed = System.currentTimeMillis();
        p1.kill9();
        Await.until(() -> log("master", m2).contains("is the active master"), Duration.ofSeconds(30), "hm2 active");
        long took = System.currentTimeMillis() - killed;
        assertTrue(took <= SESSION_MS + 1000 + 2000 /* the server's tick */, "backup active " + took + " ms after the kill");
        assertEquals(Set.of(), backups(), "the new active deleted its backup node; the dead one's went with its session");
        assertEquals(m2, HbaseMessages.parseMaster("/m", HbaseBytes.unwrap("/m", admin.getData().forPath(znodes.master()))).server());

        agent("master", m1, zk.getConnectString(), "--ledger", dir.resolve("ledger").toString());
        Await.until(() -> backups().equals(Set.of(m1.toString())), Duration.ofSeconds(30), "hm1 back as the backup");
        Thread.sleep(300);
        checker.assertNoSplitBrain();
        assertTrue(checker.writes() > 0, "the actives wrote, so the checker judged something");
    }

    /**
     * The process as an operator runs it: under a chroot of its own that does not exist yet (it makes it, as Kafka's
     * broker does), with no start code (its own start time is taken); then a second agent at the same host and port
     * finds a RegionServer registered there by a process that is not hakeeper's and exits 8, writing nothing.
     */
    @Test
    void underAMissingChrootWithoutAStartCodeItRegistersAndBesideARealRegionServerItExits8() throws Exception {
        String sim = zk.getConnectString() + "/sim";
        long before = System.currentTimeMillis();
        List<String> args = List.of("rs", "--connect", sim, "--server", "rs9.example.com,16020", "--session-ms", Long.toString(SESSION_MS));
        JavaProcess p = JavaProcess.of("rs9", HbaseAgentMain.class.getName(), List.of("-Xmx64m"), args, dir.resolve("rs9.log"));
        open.add(p);
        p.start();
        Await.until(() -> childrenOf("/sim" + znodes.rs()).size() == 1, Duration.ofSeconds(20), "registered under /sim");
        ServerName registered = ServerName.parse(childrenOf("/sim" + znodes.rs()).get(0));
        assertEquals("rs9.example.com", registered.host());
        assertTrue(registered.startCode() >= before && registered.startCode() <= System.currentTimeMillis(),
                "the start code is the agent's start time: " + registered);
        p.terminate(Duration.ofSeconds(10)); // SIGTERM: the registration goes now, not a session later
        assertEquals(List.of(), childrenOf("/sim" + znodes.rs()), "SIGTERM removed the registration");

        // a RegionServer that registered itself (HBase's bytes carry no hakeeper mark) at the same host and port
        String real = "/sim" + znodes.rs() + "/rs9.example.com,16020,1700000000009";
        admin.create().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL).forPath(real,
                HbaseBytes.wrap("regionserver:16020", new byte[] {'P', 'B', 'U', 'F'}));
        JavaProcess again = JavaProcess.of("rs9-again", HbaseAgentMain.class.getName(), List.of("-Xmx64m"), args, dir.resolve("rs9-again.log"));
        open.add(again);
        again.start();
        assertTrue(again.waitForExit(Duration.ofSeconds(20)), "the agent exits");
        assertEquals(8, again.exitValue(), Files.readString(dir.resolve("rs9-again.log")));
        assertTrue(Files.readString(dir.resolve("rs9-again.log")).contains("never run it beside a real RegionServer"));
        assertEquals(List.of("rs9.example.com,16020,1700000000009"), childrenOf("/sim" + znodes.rs()), "nothing written");
    }

    private List<String> childrenOf(String path) {
        try {
            return admin.getChildren().forPath(path);
        } catch (org.apache.zookeeper.KeeperException.NoNodeException notYet) {
            return List.of();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theTrackerReportsExactlyTheKilledRegionServersInTime() throws Exception {
        List<CuratorFramework> clients = new ArrayList<>();
        for (int i = 0; i < 90; i++) { // ninety agents in this JVM, ten as processes to kill
            CuratorFramework c = ZkSettings.builder(zk.getConnectString()).sessionTimeout(Duration.ofMillis(SESSION_MS))
                    .build().connect();
            clients.add(c);
            open.add(c);
            ServerName sn = new ServerName("rs" + i + ".example.com", 16020, 1);
            open.add(new RegionServerAgent(c, znodes, sn, new HbaseMessages.RegionServerInfo(16030, AgentVersion.info()),
                    "regionserver:16020", null, () -> { }, Duration.ofMillis(SESSION_MS)).start());
        }
        List<JavaProcess> victims = new ArrayList<>();
        Set<ServerName> victimNames = new TreeSet<>();
        for (int i = 90; i < 100; i++) {
            ServerName sn = new ServerName("rs" + i + ".example.com", 16020, 1);
            victims.add(agent("rs", sn, zk.getConnectString()));
            victimNames.add(sn);
        }
        Await.until(() -> tracker.liveServers().size() == 100, Duration.ofSeconds(90), "100 RegionServers tracked");
        long killed = System.currentTimeMillis();
        for (JavaProcess v : victims) {
            v.kill9();
        }
        Await.until(() -> leftAt.keySet().containsAll(victimNames), Duration.ofSeconds(30), "ten leaves");
        Thread.sleep(1000);
        assertEquals(victimNames, new TreeSet<>(leftAt.keySet()), "exactly the killed ones left");
        assertEquals(90, tracker.liveServers().size());
        for (ServerName sn : victimNames) {
            long after = leftAt.get(sn) - killed;
            assertTrue(after <= SESSION_MS + 1000 + 2000, sn + " reported " + after + " ms after the kill");
        }
    }

    @Test
    void aFrozenAgentIsReportedGoneAndComesBackOnlyAsANewSession() throws Exception {
        ServerName sn = new ServerName("rs1.example.com", 16020, 1);
        JavaProcess p = agent("rs", sn, zk.getConnectString(), "--stop-serving", "true");
        Await.until(() -> tracker.liveServers().contains(sn), Duration.ofSeconds(30), "registered");
        long firstOwner = admin.checkExists().forPath(znodes.rs(sn)).getEphemeralOwner();
        p.suspend();
        Await.until(() -> leftAt.containsKey(sn), Duration.ofSeconds(30), "the frozen agent reported gone");
        p.resume();
        Await.until(() -> tracker.liveServers().contains(sn), Duration.ofSeconds(30), "registered again");
        long secondOwner = admin.checkExists().forPath(znodes.rs(sn)).getEphemeralOwner();
        assertNotEquals(firstOwner, secondOwner, "only as a new session");
        // its own account, printed as it goes: it stopped serving, and only then registered (in the new session)
        Await.until(() -> log("rs", sn).contains("stop serving")
                && log("rs", sn).indexOf("stop serving") < log("rs", sn).lastIndexOf("registered in session"),
                Duration.ofSeconds(10), "the agent's log: stopped serving, then registered again");
    }

    @Test
    void cutOffFromZooKeeperItStopsServingBeforeTheTrackerReportsTheLeave() throws Exception {
        ServerName sn = new ServerName("rs7.example.com", 16020, 1);
        Path marker = dir.resolve("stopped-at");
        try (TcpProxy proxy = TcpProxy.start("127.0.0.1", zk.getPort())) {
            agent("rs", sn, "127.0.0.1:" + proxy.port(), "--stop-serving", "date +%s%3N > " + marker);
            Await.until(() -> tracker.liveServers().contains(sn), Duration.ofSeconds(30), "registered");
            proxy.mode(TcpProxy.Mode.BLACKHOLE);
            Await.until(() -> leftAt.containsKey(sn), Duration.ofSeconds(30), "reported gone");
            Await.until(() -> Files.exists(marker) && marker.toFile().length() > 0, Duration.ofSeconds(10), "stop-serving ran");
            long stoppedAt = Long.parseLong(Files.readString(marker).trim());
            assertTrue(stoppedAt < leftAt.get(sn), "stop-serving ran " + (leftAt.get(sn) - stoppedAt)
                    + " ms before the master could see the server gone (it must be before)");
        }
    }
}
