package io.hakeeper.hbase;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.health.HealthCheck;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.SessionExpirer;
import io.hakeeper.core.zk.ZkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agents and the tracker in one JVM on a real ZooKeeper: registration, conflicts, expiry, health, bad data. */
class HbaseAgentsIT {
    static final Duration SESSION = Duration.ofSeconds(4);
    TestingServer zk;
    final List<AutoCloseable> open = new ArrayList<>();
    final HbaseZnodes znodes = HbaseZnodes.defaults();
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        znodes.createBaseZnodes(client());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        zk.close();
    }

    CuratorFramework client() {
        CuratorFramework c = ZkSettings.builder(zk.getConnectString()).sessionTimeout(SESSION).build().connect();
        open.add(c);
        return c;
    }

    RegionServerAgent agent(CuratorFramework client, ServerName sn, HealthCheck health) {
        RegionServerAgent a = new RegionServerAgent(client, znodes, sn, new HbaseMessages.RegionServerInfo(16030,
                AgentVersion.info()), "regionserver:" + sn.port(), health, () -> events.add("stop " + sn), SESSION);
        open.add(a);
        return a.start();
    }

    RegionServerTracker tracker(CuratorFramework client) {
        RegionServerTracker t = new RegionServerTracker(client, znodes, new RegionServerTracker.Listener() {
            @Override
            public void joined(ServerName server, HbaseMessages.RegionServerInfo info) {
                events.add("join " + server);
            }

            @Override
            public void left(ServerName server) {
                events.add("leave " + server);
            }

            @Override
            public void corrupt(String path, String problem) {
                events.add("corrupt " + path + ": " + problem);
            }
        });
        open.add(t);
        t.start();
        return t;
    }

    static ServerName rs(int i) {
        return new ServerName("rs" + i + ".example.com", 16020, 1700000000000L + i);
    }

    @Test
    void registrationIsHbasesAndTheTrackerSeesJoinAndLeave() throws Exception {
        CuratorFramework admin = client();
        RegionServerTracker t = tracker(admin);
        RegionServerAgent a = agent(client(), rs(1), null);
        Await.until(() -> t.liveServers().contains(rs(1)), Duration.ofSeconds(10), "rs1 tracked");
        Stat stat = new Stat();
        byte[] data = admin.getData().storingStatIn(stat).forPath(znodes.rs(rs(1)));
        assertNotEquals(0, stat.getEphemeralOwner(), "ephemeral");
        assertEquals("hakeeper-regionserver:16020", HbaseBytes.writer("/x", data), "HBase's wrapper, with our mark");
        assertEquals(16030, HbaseMessages.parseRegionServerInfo("/x", HbaseBytes.unwrap("/x", data)).infoPort());
        a.close();
        Await.until(() -> t.liveServers().isEmpty(), Duration.ofSeconds(10), "rs1 gone");
        assertEquals(List.of("join " + rs(1), "leave " + rs(1)), events);
    }

    @Test
    void aNameHeldByAnotherLiveSessionIsRefusedNeverStolen() throws Exception {
        CuratorFramework other = client();
        other.create().withMode(CreateMode.EPHEMERAL).forPath(znodes.rs(rs(2)), // another agent process of ours
                HbaseBytes.wrap(HbaseBytes.ourWriter("regionserver:16020"), new byte[] {1}));
        long owner = other.checkExists().forPath(znodes.rs(rs(2))).getEphemeralOwner();
        RegionServerAgent a = agent(client(), rs(2), null);
        Await.until(() -> a.status().startsWith("refused"), Duration.ofSeconds(10), "refused");
        assertTrue(a.status().contains("another live session"), a.status());
        Thread.sleep(500);
        assertEquals(owner, other.checkExists().forPath(znodes.rs(rs(2))).getEphemeralOwner(), "not stolen");
        other.delete().forPath(znodes.rs(rs(2))); // the other process goes away: now the name is free
        Await.until(() -> a.status().startsWith("registered"), Duration.ofSeconds(10), "registered once free");
    }

    @Test
    void afterEachOfOneHundredSessionExpiriesTheAgentRegistersAgain() throws Exception {
        // ten agents, each expired ten times, the ten at once: a hundred re-registrations in a tenth of the time
        CuratorFramework admin = client();
        List<CuratorFramework> clients = new ArrayList<>();
        for (int i = 10; i < 20; i++) {
            CuratorFramework c = client();
            clients.add(c);
            agent(c, rs(i), null);
        }
        Await.until(() -> owners(admin).values().stream().allMatch(o -> o != 0), Duration.ofSeconds(20), "all registered");
        int reRegistrations = 0;
        for (int round = 1; round <= 10; round++) {
            java.util.Map<Integer, Long> before = owners(admin);
            List<Thread> expiring = new ArrayList<>();
            for (CuratorFramework c : clients) {
                Thread t = new Thread(() -> {
                    try {
                        SessionExpirer.expire(c, Duration.ofSeconds(10));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                expiring.add(t);
                t.start();
            }
            for (Thread t : expiring) {
                t.join(15_000);
            }
            Await.until(() -> {
                java.util.Map<Integer, Long> now = owners(admin);
                return now.entrySet().stream().allMatch(e -> e.getValue() != 0 && !e.getValue().equals(before.get(e.getKey())));
            }, Duration.ofSeconds(30), "every agent registered again after round " + round);
            reRegistrations += clients.size();
        }
        assertEquals(100, reRegistrations);
        assertFalse(events.stream().anyMatch(e -> e.startsWith("stop")), "expiry noticed at once is no reason to stop: " + events);
    }

    /** The owning session of a znode (0 when absent or unreadable). */
    static long owners(CuratorFramework admin, String path) {
        try {
            Stat s = admin.checkExists().forPath(path);
            return s == null ? 0 : s.getEphemeralOwner();
        } catch (Exception e) {
            return 0;
        }
    }

    /** The owning session of each of rs10..rs19's znodes (0 when absent). */
    java.util.Map<Integer, Long> owners(CuratorFramework admin) {
        java.util.Map<Integer, Long> m = new java.util.TreeMap<>();
        for (int i = 10; i < 20; i++) {
            try {
                Stat s = admin.checkExists().forPath(znodes.rs(rs(i)));
                m.put(i, s == null ? 0L : s.getEphemeralOwner());
            } catch (Exception e) {
                m.put(i, 0L);
            }
        }
        return m;
    }

    @Test
    void anUnhealthyRegionServerIsUnregisteredAndComesBack() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        HealthCheck check = new HealthCheck() {
            @Override
            public Result check(Duration timeout) {
                return healthy.get() ? Result.healthy() : Result.unhealthy("test says so");
            }

            @Override
            public String describe() {
                return "test";
            }
        };
        RegionServerTracker t = tracker(client());
        agent(client(), rs(4), check);
        Await.until(() -> t.liveServers().contains(rs(4)), Duration.ofSeconds(10), "joined");
        healthy.set(false);
        Await.until(() -> t.liveServers().isEmpty(), Duration.ofSeconds(10), "left while unhealthy");
        healthy.set(true);
        Await.until(() -> t.liveServers().contains(rs(4)), Duration.ofSeconds(10), "back when healthy");
    }

    /**
     * Hole: the RegionServer's self-fence was decided in the loop tick that also runs the health check and ZooKeeper
     * calls, so a check that hangs (it ignores its timeout) kept the RegionServer serving past its session. The lease
     * watchdog fires the stop on a thread of its own, within 2/3 of the session of the cut, before the session (and
     * with it the registration the master watches) expires.
     */
    @Test
    void theSelfFenceFiresWhileAHealthCheckHangs() throws Exception {
        io.hakeeper.testkit.TcpProxy proxy = io.hakeeper.testkit.TcpProxy.start("127.0.0.1", zk.getPort());
        open.add(proxy);
        CuratorFramework cut = ZkSettings.builder(proxy.address()).sessionTimeout(SESSION).connectionTimeout(SESSION).build().connect();
        open.add(cut);
        java.util.concurrent.CountDownLatch hang = new java.util.concurrent.CountDownLatch(1);
        AtomicBoolean hanging = new AtomicBoolean(false);
        HealthCheck check = new HealthCheck() {
            @Override
            public Result check(Duration timeout) {
                if (hanging.get()) {
                    try {
                        hang.await(30, java.util.concurrent.TimeUnit.SECONDS); // ignores its timeout: a hung check
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Result.healthy();
            }

            @Override
            public String describe() {
                return "hangs on demand";
            }
        };
        RegionServerTracker t = tracker(client());
        agent(cut, rs(7), check);
        Await.until(() -> t.liveServers().contains(rs(7)), Duration.ofSeconds(10), "registered");
        hanging.set(true);
        Thread.sleep(300); // the loop is now stuck in the check
        long cutAt = System.nanoTime();
        proxy.mode(io.hakeeper.testkit.TcpProxy.Mode.BLACKHOLE);
        Await.until(() -> events.contains("stop " + rs(7)), Duration.ofSeconds(6), "the RegionServer told to stop");
        long stoppedMs = (System.nanoTime() - cutAt) / 1_000_000;
        System.out.println("stop-serving " + stoppedMs + " ms after the cut, the loop stuck in a health check");
        assertTrue(stoppedMs < SESSION.toMillis(), "before the session could expire: " + stoppedMs + " ms");
        assertTrue(t.liveServers().contains(rs(7)), "told to stop while its registration still stood");
        hang.countDown();
        proxy.mode(io.hakeeper.testkit.TcpProxy.Mode.PASS);
        Thread.sleep(500);
        assertEquals(1, events.stream().filter(e -> e.equals("stop " + rs(7))).count(), "stopped once, not again by the loop");
    }

    @Test
    void corruptDataIsNamedAndNobodyStops() throws Exception {
        CuratorFramework admin = client();
        admin.create().withMode(CreateMode.EPHEMERAL).forPath(znodes.rs() + "/not-a-server-name", new byte[] {1});
        admin.create().withMode(CreateMode.EPHEMERAL).forPath(znodes.rs(rs(5)), "foreign bytes".getBytes());
        admin.create().withMode(CreateMode.EPHEMERAL).forPath(znodes.master(), "not hbase".getBytes());
        RegionServerTracker t = tracker(admin);
        agent(client(), rs(6), null);
        Await.until(() -> t.liveServers().contains(rs(6)), Duration.ofSeconds(10), "a good server still joins");
        assertTrue(events.stream().anyMatch(e -> e.startsWith("corrupt /hbase/rs/not-a-server-name")), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("corrupt /hbase/rs/" + rs(5)) && e.contains("PBUF")), events.toString());

        List<String> masterEvents = new CopyOnWriteArrayList<>();
        MasterAgent m = new MasterAgent(client(), znodes, new ServerName("hm1.example.com", 16000, 1), 16010, "master:16000",
                new MasterAgent.Listener() {
                    @Override
                    public void becameActive(long epoch) {
                        masterEvents.add("active");
                    }

                    @Override
                    public void becameBackup(String why) {
                        masterEvents.add("backup");
                    }
                });
        open.add(m);
        m.start();
        Thread.sleep(1000);
        assertEquals(List.of(), masterEvents, "a master cannot read /hbase/master: it stays backup, and alive");
        admin.delete().forPath(znodes.master());
        Await.until(() -> masterEvents.contains("active"), Duration.ofSeconds(10), "active once the foreign node is gone");
        assertNull(admin.checkExists().forPath(znodes.backupMaster(new ServerName("hm1.example.com", 16000, 1))),
                "the winner deleted its backup node");
    }

    /**
     * A master failover judged by the split-brain checker: each master, while {@link MasterAgent#epoch()} vouches for
     * it, writes to the ledger stamped with its epoch. The active is cut off from ZooKeeper (its process runs on); its
     * lease revokes it at 2/3 of the session, before the server expires the session and the backup takes over with a
     * higher epoch, so no write of the old epoch comes after the new one. (A session killed from outside before it
     * went silent, as SessionExpirer does, is no such failure: no lease can see it coming.)
     */
    @Test
    void aCutOffActiveMasterStandsDownBeforeTheBackupTakesOver() throws Exception {
        io.hakeeper.testkit.SplitBrainChecker ledger = io.hakeeper.testkit.SplitBrainChecker.inMemory();
        io.hakeeper.testkit.TcpProxy proxy = io.hakeeper.testkit.TcpProxy.start("127.0.0.1", zk.getPort());
        open.add(proxy);
        AtomicBoolean writing = new AtomicBoolean(true);
        CuratorFramework cutOff = ZkSettings.builder(proxy.address()).sessionTimeout(SESSION).connectionTimeout(SESSION)
                .build().connect();
        open.add(cutOff);
        MasterAgent hm1 = master(cutOff, "hm1", 1, ledger, writing);
        Await.until(() -> hm1.epoch() > 0, Duration.ofSeconds(10), "hm1 active");
        MasterAgent hm2 = master(client(), "hm2", 2, ledger, writing);
        Await.until(() -> owners(client(), znodes.backupMaster(new ServerName("hm2.example.com", 16000, 2))) != 0,
                Duration.ofSeconds(10), "hm2 a backup");
        long firstEpoch = hm1.epoch();
        Thread.sleep(200);

        proxy.mode(io.hakeeper.testkit.TcpProxy.Mode.BLACKHOLE);
        Await.until(() -> hm2.epoch() > firstEpoch, Duration.ofSeconds(20), "hm2 active with a higher epoch");
        assertEquals(-1, hm1.epoch(), "hm1 stood down");
        Thread.sleep(500);
        writing.set(false);
        ledger.assertNoSplitBrain();
        assertTrue(ledger.records().stream().anyMatch(r -> r.contains(" WRITE hm2 ")), "the new active wrote");
        proxy.mode(io.hakeeper.testkit.TcpProxy.Mode.PASS);
    }

    /** A master agent whose work, while its epoch() vouches for it, is a ledger write every 5 ms. */
    private MasterAgent master(CuratorFramework c, String name, int startCode, io.hakeeper.testkit.SplitBrainChecker ledger,
            AtomicBoolean writing) {
        MasterAgent m = new MasterAgent(c, znodes, new ServerName(name + ".example.com", 16000, startCode), 16010,
                "master:16000", new MasterAgent.Listener() {
                    @Override
                    public void becameActive(long epoch) {
                        ledger.acquired(name, epoch);
                    }

                    @Override
                    public void becameBackup(String why) {
                    }
                });
        open.add(m);
        m.start();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                long e = m.epoch();
                if (e > 0) {
                    ledger.wrote(name, e, "work");
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        }, "writer-" + name);
        writer.setDaemon(true);
        writer.start();
        return m;
    }

    /**
     * Beside a real HBase master that registered itself (the bytes HBase 2.6's MasterAddressTracker wrote, from the
     * golden znodes: hm1.example.com:16000, writer "master:16000"), a master-agent with the same address never deletes
     * its node: it stays a backup. (The agent took such a node for a stale one of its own and deleted it, and the real
     * master, which does not step down, went on as active beside the agent.)
     */
    /**
     * Beside a real RegionServer that registered itself (HBase 2.6's bytes from the golden znodes,
     * rs1.example.com,16020,1700000000001, writer not ours), an rs-agent for the same host and port, whatever its
     * start code, refuses: no phantom server on the same address, nothing of the real one touched.
     */
    @Test
    void anRsAgentRefusesBesideARealRegionServer() throws Exception {
        io.hakeeper.testkit.Golden.Znode real = io.hakeeper.testkit.Golden.read("hbase", "hbase_rs_rs1.example.com,16020,1700000000001");
        CuratorFramework realRs = client();
        realRs.create().withMode(CreateMode.EPHEMERAL).forPath(real.path(), real.data());
        ServerName phantom = new ServerName("rs1.example.com", 16020, 1800000000000L);
        RegionServerAgent agent = agent(client(), phantom, null);
        Await.until(() -> agent.status().startsWith("refused"), Duration.ofSeconds(10), "refused");
        assertTrue(agent.status().contains("never run it beside a real RegionServer"), agent.status());
        CuratorFramework admin = client();
        assertNull(admin.checkExists().forPath(znodes.rs(phantom)), "no phantom registration");
        assertArrayEquals(real.data(), admin.getData().forPath(real.path()), "the real registration is untouched");
    }

    @Test
    void aMasterAgentNeverDeletesARealMastersNode() throws Exception {
        io.hakeeper.testkit.Golden.Znode real = io.hakeeper.testkit.Golden.read("hbase", "hbase_master");
        CuratorFramework realMaster = client();
        realMaster.create().withMode(CreateMode.EPHEMERAL).forPath(znodes.master(), real.data());
        long owner = realMaster.getZookeeperClient().getZooKeeper().getSessionId();
        List<String> seen = new CopyOnWriteArrayList<>();
        MasterAgent agent = new MasterAgent(client(), znodes, new ServerName("hm1.example.com", 16000, 1800000000000L), 16010,
                "master:16000", new MasterAgent.Listener() {
                    @Override
                    public void becameActive(long epoch) {
                        seen.add("active");
                    }

                    @Override
                    public void becameBackup(String why) {
                    }
                });
        open.add(agent);
        agent.start();
        CuratorFramework admin = client();
        Await.until(() -> owners(admin, znodes.backupMaster(new ServerName("hm1.example.com", 16000, 1800000000000L))) != 0,
                Duration.ofSeconds(10), "the agent registered as a backup");
        Thread.sleep(1500); // many ticks: time to take the node, if it would
        assertEquals(owner, owners(admin, znodes.master()), "the real master's node is untouched");
        assertArrayEquals(real.data(), admin.getData().forPath(znodes.master()));
        assertEquals(List.of(), seen, "the agent never became active");
    }

    @Test
    void aRestartedMasterClearsItsOwnStaleNodeButNeverAnothers() throws Exception {
        CuratorFramework previousRun = client();
        ServerName earlier = new ServerName("hm1.example.com", 16000, 100);
        previousRun.create().withMode(CreateMode.EPHEMERAL).forPath(znodes.master(), // an earlier run of our agent
                HbaseBytes.wrap(HbaseBytes.ourWriter("master:16000"), HbaseMessages.master(earlier, 16010)));
        List<String> seen = new CopyOnWriteArrayList<>();
        ServerName now = new ServerName("hm1.example.com", 16000, 200);
        MasterAgent m = new MasterAgent(client(), znodes, now, 16010, "master:16000", new MasterAgent.Listener() {
            @Override
            public void becameActive(long epoch) {
                seen.add("active");
            }

            @Override
            public void becameBackup(String why) {
                seen.add("backup");
            }
        });
        open.add(m);
        m.start();
        Await.until(() -> seen.contains("active"), Duration.ofSeconds(10), "the restart took over from its own earlier run");
        CuratorFramework admin = client();
        assertEquals(now, HbaseMessages.parseMaster("/m", HbaseBytes.unwrap("/m", admin.getData().forPath(znodes.master()))).server());

        // on close it deletes /hbase/master only while the node holds its own name
        m.close();
        assertNull(admin.checkExists().forPath(znodes.master()), "its own node removed on close");
        ServerName other = new ServerName("hm2.example.com", 16000, 1);
        admin.create().withMode(CreateMode.EPHEMERAL).forPath(znodes.master(), HbaseBytes.wrap("master:16000",
                HbaseMessages.master(other, 16010)));
        MasterAgent backupOnly = new MasterAgent(client(), znodes, new ServerName("hm3.example.com", 16000, 1), 16010,
                "master:16000", new MasterAgent.Listener() {
                    @Override
                    public void becameActive(long epoch) {
                        seen.add("hm3 active");
                    }

                    @Override
                    public void becameBackup(String why) {
                    }
                });
        open.add(backupOnly);
        backupOnly.start();
        Await.until(() -> owners(admin, znodes.backupMaster(new ServerName("hm3.example.com", 16000, 1))) != 0,
                Duration.ofSeconds(10), "hm3 registered as a backup");
        backupOnly.close();
        assertEquals(other, HbaseMessages.parseMaster("/m", HbaseBytes.unwrap("/m", admin.getData().forPath(znodes.master()))).server(),
                "another master's node is never deleted");
        assertFalse(seen.contains("hm3 active"));
    }
}
