package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.SessionExpirer;
import io.hakeeper.core.zk.ZkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Broker registration and the controller election on a real ZooKeeper, in one JVM. */
class KafkaAgentsIT {
    TestingServer zk;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        zk.close();
    }

    CuratorFramework client() {
        CuratorFramework c = ZkSettings.builder(zk.getConnectString()).sessionTimeout(Duration.ofSeconds(4)).build().connect();
        open.add(c);
        return c;
    }

    BrokerAgent broker(CuratorFramework c, int id) {
        BrokerAgent a = new BrokerAgent(c, new KafkaPayloads.BrokerRegistration(id,
                List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:" + (9092 + id))), null, -1, 0));
        open.add(a);
        return a.start();
    }

    static long sessionOf(CuratorFramework c) {
        try {
            return c.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return -1;
        }
    }

    static long owner(CuratorFramework c, String path) {
        try {
            Stat s = c.checkExists().forPath(path);
            return s == null ? 0 : s.getEphemeralOwner();
        } catch (Exception e) {
            return 0;
        }
    }

    @Test
    void aBrokerRegistersAgainAfterExpiryAndALiveDuplicateIsRefused() throws Exception {
        CuratorFramework admin = client();
        CuratorFramework c1 = client();
        BrokerAgent b1 = broker(c1, 1);
        Await.until(() -> owner(admin, KafkaZnodes.broker(1)) != 0, Duration.ofSeconds(10), "broker 1 registered");
        KafkaPayloads.BrokerRegistration read = KafkaPayloads.parseBroker(KafkaZnodes.broker(1), admin.getData().forPath(KafkaZnodes.broker(1)));
        assertEquals(9093, read.endpoints().get(0).port());
        for (String path : KafkaZnodes.PERSISTENT_PATHS) {
            assertNull(admin.getData().forPath(path), path + " holds null, as Kafka leaves it");
        }
        BrokerAgent duplicate = broker(client(), 1);
        Await.until(() -> duplicate.status().startsWith("refused"), Duration.ofSeconds(10), "duplicate refused");
        assertTrue(duplicate.status().contains("another live session"), duplicate.status());
        assertNotNull(duplicate.refusal(), "it gave up: a live duplicate id is a configuration mistake");
        assertEquals(io.hakeeper.core.error.ExitCode.CONFLICT, duplicate.refusal().exitCode());
        duplicate.close(); // gone, or it would take the name while broker 1's session is being replaced

        for (int i = 0; i < 5; i++) {
            Await.until(() -> c1.getZookeeperClient().isConnected() && owner(admin, KafkaZnodes.broker(1)) == sessionOf(c1),
                    Duration.ofSeconds(20), "connected and registered in the current session");
            long before = owner(admin, KafkaZnodes.broker(1));
            SessionExpirer.expire(c1, Duration.ofSeconds(10));
            Await.until(() -> {
                long now = owner(admin, KafkaZnodes.broker(1));
                return now != 0 && now != before;
            }, Duration.ofSeconds(20), "re-registered after expiry " + i);
        }
        assertTrue(b1.status().startsWith("registered"), b1.status());
        assertTrue(KafkaZnodes.generateBrokerId(admin.getZookeeperClient().getZooKeeper()) > KafkaZnodes.RESERVED_BROKER_MAX_ID);
    }

    /**
     * A real Kafka broker registers itself (its own session, Kafka's JSON, no hakeeper mark). A hakeeper controller
     * could never send it LeaderAndIsr or UpdateMetadata, so the agents' brokers do not compete for /controller while
     * it is registered, and say why; once it is gone, one of them wins. Without the refusal /controller is taken at
     * once (the test fails at its first check).
     */
    @Test
    void noHakeeperControllerBesideARealBrokersRegistration() throws Exception {
        CuratorFramework admin = client();
        KafkaZnodes.createTopLevelPaths(admin.getZookeeperClient().getZooKeeper());
        CuratorFramework realBroker = ZkSettings.builder(zk.getConnectString()).sessionTimeout(Duration.ofSeconds(4)).build().connect();
        realBroker.create().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL).forPath(KafkaZnodes.broker(7),
                KafkaPayloads.broker(new KafkaPayloads.BrokerRegistration(7,
                        List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:9099")), null, -1, System.currentTimeMillis())));
        BrokerServices agent = new BrokerServices(client(), new KafkaPayloads.BrokerRegistration(1,
                List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:9093")), null, -1, 0),
                PartitionController.Settings.defaults(), new BrokerServices.Listener() { });
        open.add(agent);
        agent.start();
        Await.until(() -> agent.agent().brokerEpoch() >= 0, Duration.ofSeconds(10), "broker 1 registered");
        assertNotNull(admin.checkExists().forPath(KafkaZnodes.agentMark(1)), "the agent marks its registration");
        Await.until(() -> agent.controller().stuckReason() != null, Duration.ofSeconds(10), "broker 1 says why it does not compete");
        Thread.sleep(2000); // two more attempts
        assertNull(admin.checkExists().forPath(KafkaZnodes.CONTROLLER), "no hakeeper controller beside a real broker");
        assertTrue(agent.controller().stuckReason().contains("broker 7 is registered by a process that is not a hakeeper"
                + " broker-agent"), agent.controller().stuckReason());

        realBroker.close(); // the real broker goes
        Await.until(() -> agent.controller().epoch() >= 0, Duration.ofSeconds(15), "broker 1 controller once broker 7 is gone");
        assertNull(agent.controller().stuckReason());
    }

    /** A real broker that registers while an agent is controller: the agent resigns and stays out while it is there. */
    @Test
    void aControllerResignsWhenARealBrokerRegisters() throws Exception {
        CuratorFramework admin = client();
        BrokerServices agent = new BrokerServices(client(), new KafkaPayloads.BrokerRegistration(1,
                List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:9093")), null, -1, 0),
                PartitionController.Settings.defaults(), new BrokerServices.Listener() { });
        open.add(agent);
        agent.start();
        Await.until(() -> agent.controller().epoch() >= 0, Duration.ofSeconds(15), "broker 1 controller");
        CuratorFramework realBroker = client();
        realBroker.create().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL).forPath(KafkaZnodes.broker(7),
                KafkaPayloads.broker(new KafkaPayloads.BrokerRegistration(7,
                        List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:9099")), null, -1, System.currentTimeMillis())));
        Await.until(() -> agent.controller().epoch() < 0 && owner(admin, KafkaZnodes.CONTROLLER) == 0, Duration.ofSeconds(10),
                "broker 1 resigned and /controller is free for the real broker");
        Thread.sleep(2000);
        assertEquals(0, owner(admin, KafkaZnodes.CONTROLLER), "it stays out while the real broker is registered");
    }

    @Test
    void oneControllerPerEpochAndAZombieControllersWriteFailsAtZooKeeper() throws Exception {
        Map<Integer, Integer> epochs = new ConcurrentHashMap<>();
        Map<Integer, io.hakeeper.core.election.Term> terms = new ConcurrentHashMap<>();
        List<String> twoInOneEpoch = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.hakeeper.testkit.SplitBrainChecker ledger = io.hakeeper.testkit.SplitBrainChecker.inMemory();
        List<KafkaController> controllers = new ArrayList<>();
        List<CuratorFramework> clients = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            int broker = id;
            CuratorFramework c = client();
            clients.add(c);
            KafkaController k = new KafkaController(c, broker, new KafkaController.Listener() {
                @Override
                public void becameController(io.hakeeper.core.election.Term term) {
                    int epoch = (int) term.token();
                    terms.put(epoch, term);
                    ledger.acquired("broker" + broker, epoch);
                    Integer other = epochs.putIfAbsent(epoch, broker);
                    if (other != null) {
                        twoInOneEpoch.add("brokers " + other + " and " + broker + " in epoch " + epoch);
                    }
                }

                @Override
                public void resigned(String why) {
                }
            });
            open.add(k);
            controllers.add(k.start());
        }
        Await.until(() -> controllers.stream().filter(k -> k.epoch() >= 0).count() == 1, Duration.ofSeconds(10), "a controller");
        KafkaController first = controllers.stream().filter(k -> k.epoch() >= 0).findFirst().orElseThrow();
        assertEquals(1, first.epoch(), "the first controller's epoch");
        CuratorFramework admin = client();
        assertEquals("1", new String(admin.getData().forPath(KafkaZnodes.CONTROLLER_EPOCH)));
        admin.create().forPath("/resource", "v0".getBytes());
        first.fencedWrite(List.of(admin.transactionOp().setData().forPath("/resource", "by the controller".getBytes())));
        String firstName = "broker" + (controllers.indexOf(first) + 1);
        ledger.wrote(firstName, 1, "resource");

        SessionExpirer.expire(clients.get(controllers.indexOf(first)), Duration.ofSeconds(10));
        Await.until(() -> controllers.stream().anyMatch(k -> k != first && k.epoch() == 2), Duration.ofSeconds(15),
                "another controller with epoch 2");
        assertThrows(FencedException.class, () -> first.fencedWrite(List.of(
                admin.transactionOp().setData().forPath("/resource", "zombie".getBytes()))), "refused by the deposed controller itself");
        // a zombie that does not know yet (frozen before its lease could lapse) reaches ZooKeeper's check with its term
        FencedException zombie = assertThrows(FencedException.class, () -> {
            io.hakeeper.core.election.FencedMulti.write(admin, terms.get(1),
                    List.of(admin.transactionOp().setData().forPath("/resource", "zombie".getBytes())));
            ledger.wrote(firstName, 1, "resource"); // reached only if ZooKeeper let the old term write: the checker says so
        });
        assertTrue(zombie.getMessage().contains("nothing was written"), zombie.getMessage());
        KafkaController second = controllers.stream().filter(k -> k.epoch() == 2).findFirst().orElseThrow();
        second.fencedWrite(List.of(admin.transactionOp().setData().forPath("/resource", "by the new controller".getBytes())));
        ledger.wrote("broker" + (controllers.indexOf(second) + 1), 2, "resource");
        assertEquals("by the new controller", new String(admin.getData().forPath("/resource")));
        ledger.assertNoSplitBrain();
        int brokerId = KafkaPayloads.parseController(KafkaZnodes.CONTROLLER, admin.getData().forPath(KafkaZnodes.CONTROLLER));
        assertEquals(epochs.get(2), brokerId, "/controller names the epoch-2 controller");
        assertEquals(List.of(), twoInOneEpoch, "never two controllers in one epoch");
    }

    /**
     * Hole: the controller's lease was checked in the loop tick that also makes ZooKeeper calls (up to the retry
     * deadline) and calls listeners, so a loop stuck for 30 s kept acting as controller past its session. The lease
     * watchdog revokes the term on its own thread: here the elector's loop is stuck in the controller's listener
     * for the whole test, and all the same epoch() says -1 and no write passes within 2/3 of the session, before
     * another broker can win; the ledger judges both controllers' writes.
     */
    @Test
    void theLeaseRevokesTheControllerWhileItsLoopIsStuck() throws Exception {
        io.hakeeper.testkit.SplitBrainChecker ledger = io.hakeeper.testkit.SplitBrainChecker.inMemory();
        io.hakeeper.testkit.TcpProxy proxy = io.hakeeper.testkit.TcpProxy.start("127.0.0.1", zk.getPort());
        open.add(proxy);
        CuratorFramework c1 = ZkSettings.builder(proxy.address()).sessionTimeout(Duration.ofSeconds(4))
                .connectionTimeout(Duration.ofSeconds(4)).build().connect();
        open.add(c1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stuck = new java.util.concurrent.atomic.AtomicBoolean();
        KafkaController k1 = controller(c1, 1, ledger, () -> {
            stuck.set(true);
            try {
                release.await(30, java.util.concurrent.TimeUnit.SECONDS); // the loop is stuck, as in a hung call
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until(() -> k1.epoch() == 1, Duration.ofSeconds(10), "broker 1 controller");
        CuratorFramework admin = client();
        admin.create().forPath("/resource", "v0".getBytes());
        k1.fencedWrite(List.of(admin.transactionOp().setData().forPath("/resource", "by broker 1".getBytes())));
        ledger.wrote("broker1", 1, "resource");
        KafkaController k2 = controller(client(), 2, ledger, () -> { });

        long cut = System.nanoTime();
        proxy.mode(io.hakeeper.testkit.TcpProxy.Mode.BLACKHOLE);
        // reset the connection too: the client hears of it at once and the controller's loop gets stuck in the
        // listener now, well before the lease lapses
        proxy.dropConnections();
        Await.until(stuck::get, Duration.ofSeconds(2), "broker 1's loop stuck in the listener");
        Await.until(() -> k1.epoch() == -1, Duration.ofSeconds(6), "broker 1's lease to lapse");
        long revokedMs = (System.nanoTime() - cut) / 1_000_000;
        assertThrows(FencedException.class, () -> k1.fencedWrite(List.of(
                admin.transactionOp().setData().forPath("/resource", "zombie".getBytes()))), "refused while the loop is stuck");
        Await.until(() -> k2.epoch() == 2, Duration.ofSeconds(20), "broker 2 controller after broker 1's session expired");
        long k2Ms = (System.nanoTime() - cut) / 1_000_000;
        k2.fencedWrite(List.of(admin.transactionOp().setData().forPath("/resource", "by broker 2".getBytes())));
        ledger.wrote("broker2", 2, "resource");
        System.out.println("broker 1 revoked " + revokedMs + " ms after the cut; broker 2 controller at " + k2Ms + " ms");
        assertTrue(stuck.get() && release.getCount() == 1, "broker 1's loop was stuck throughout");
        assertTrue(revokedMs < k2Ms, "revoked (" + revokedMs + " ms) before broker 2 won (" + k2Ms + " ms)");
        assertTrue(revokedMs <= 4000 * 2 / 3 + 1000, "the lease is 2/3 of the session (+ polling): " + revokedMs + " ms");
        release.countDown();
        assertEquals("by broker 2", new String(admin.getData().forPath("/resource")));
        ledger.assertNoSplitBrain();
    }

    private KafkaController controller(CuratorFramework c, int broker, io.hakeeper.testkit.SplitBrainChecker ledger,
            Runnable onDisconnected) {
        KafkaController k = new KafkaController(c, broker, new KafkaController.Listener() {
            @Override
            public void becameController(io.hakeeper.core.election.Term term) {
                ledger.acquired("broker" + broker, term.token());
            }

            @Override
            public void resigned(String why) {
            }

            @Override
            public void disconnected() {
                onDisconnected.run();
            }
        });
        open.add(k);
        return k.start();
    }
}
