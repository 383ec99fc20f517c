package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import io.hakeeper.testkit.SplitBrainChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller's partition work on a real ZooKeeper, brokers in one JVM (each with its own session): new-partition
 * election, offline election and ISR shrink when a broker goes, offline partitions with and without unclean
 * election, controlled shutdown, deletion, reassignment with ISR change notifications, preferred-replica rebalance.
 * Every partition state written is judged by the split-brain checker (one leader per leader epoch; no stale
 * controller).
 */
class PartitionControllerIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    TestingServer zk;
    CuratorFramework admin;
    final Map<Integer, CuratorFramework> clients = new ConcurrentHashMap<>();
    final Map<Integer, BrokerServices> brokers = new ConcurrentHashMap<>();
    final SplitBrainChecker ledger = SplitBrainChecker.inMemory();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        admin = connect();
    }

    @AfterEach
    void stop() throws Exception {
        for (int id : List.copyOf(brokers.keySet())) {
            crash(id);
        }
        admin.close();
        zk.close();
        ledger.assertNoSplitBrain();
    }

    CuratorFramework connect() {
        return ZkSettings.builder(zk.getConnectString()).sessionTimeout(Duration.ofSeconds(4)).build().connect();
    }

    void startBroker(int id, PartitionController.Settings settings) throws Exception {
        CuratorFramework c = connect();
        String holder = "broker" + id;
        BrokerServices s = new BrokerServices(c, new KafkaPayloads.BrokerRegistration(id,
                List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:" + (9092 + id))), "r" + (id % 2), -1, 0),
                settings, new BrokerServices.Listener() {
                    @Override
                    public void becameController(int epoch) {
                        ledger.acquired(holder, epoch);
                    }

                    @Override
                    public void stateWritten(int epoch, TopicPartition tp, String topicId, PartitionState st) {
                        ledger.wrote(holder, epoch, SplitBrainChecker.partitionWrite(tp.topic() + "@" + topicId, tp.partition(), st.leaderEpoch(), st.leader()));
                    }
                });
        clients.put(id, c);
        brokers.put(id, s.start());
        Await.until(() -> s.agent().brokerEpoch() >= 0, WAIT, "broker " + id + " registered");
    }

    void startBrokers(PartitionController.Settings settings, int... ids) throws Exception {
        for (int id : ids) {
            startBroker(id, settings);
        }
        Await.until(() -> brokers.values().stream().anyMatch(b -> b.partitions().loadedEpoch() >= 0), WAIT, "a controller loaded");
    }

    static PartitionController.Settings quiet() {
        return PartitionController.Settings.defaults().withRebalanceInterval(Duration.ofHours(1));
    }

    /** A broker gone as ZooKeeper sees a crash: its loops stop, its session closes (KafkaProcessIT kills processes). */
    void crash(int id) {
        BrokerServices s = brokers.remove(id);
        CuratorFramework c = clients.remove(id);
        if (s != null) {
            s.close();
            c.close();
        }
    }

    PartitionState state(String topic, int p) {
        try {
            return KafkaPayloads.parsePartitionState("s", admin.getData().forPath(KafkaZnodes.partitionState(topic, p)));
        } catch (Exception e) {
            return null;
        }
    }

    boolean exists(String path) {
        try {
            return admin.checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    List<String> children(String path) {
        try {
            return admin.getChildren().forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    KafkaPayloads.TopicAssignment topic(String name) {
        try {
            return KafkaPayloads.parseTopic(name, admin.getData().forPath(KafkaZnodes.topic(name)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Map<Integer, PartitionState> states(String topic, int partitions) {
        Map<Integer, PartitionState> out = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            out.put(p, state(topic, p));
        }
        return out;
    }

    void awaitStates(String topic, int partitions) throws Exception {
        Await.until(() -> states(topic, partitions).values().stream().allMatch(java.util.Objects::nonNull), WAIT, "partition states of " + topic);
    }

    int controllerId() throws Exception {
        return KafkaPayloads.parseController(KafkaZnodes.CONTROLLER, admin.getData().forPath(KafkaZnodes.CONTROLLER));
    }

    @Test
    void newPartitionsGetLeadersAndADeadBrokersLeadershipsAndIsrSeatsMove() throws Exception {
        startBrokers(quiet(), 1, 2, 3, 4);
        Map<Integer, List<Integer>> assignment = new TopicAdmin(admin).create("t", 12, 3, Map.of(), true);
        awaitStates("t", 12);
        Map<Integer, PartitionState> before = states("t", 12);
        for (int p = 0; p < 12; p++) {
            List<Integer> replicas = assignment.get(p);
            assertEquals(new PartitionState(replicas.get(0), 0, before.get(p).controllerEpoch(), replicas, false), before.get(p),
                    "partition " + p + ": the first replica leads, all in the ISR");
            assertEquals(2, replicas.stream().map(r -> r % 2).distinct().count(), "rack-aware: both racks hold replicas");
        }
        int victim = before.get(0).leader() == controllerId() ? before.get(1).leader() : before.get(0).leader();
        crash(victim);
        Await.until(() -> states("t", 12).values().stream().noneMatch(s -> s.leader() == victim || s.isr().contains(victim)),
                WAIT, "broker " + victim + " out of every leadership and ISR");
        Map<Integer, PartitionState> after = states("t", 12);
        for (int p = 0; p < 12; p++) {
            PartitionState b = before.get(p);
            PartitionState a = after.get(p);
            if (b.isr().contains(victim)) {
                List<Integer> expectedIsr = b.isr().stream().filter(r -> r != victim).toList();
                assertEquals(expectedIsr, a.isr(), "partition " + p + ": the ISR shrank");
                assertEquals(b.leaderEpoch() + 1, a.leaderEpoch(), "partition " + p + ": leader epoch + 1");
                int expectedLeader = b.leader() == victim ? expectedIsr.get(0) : b.leader(); // first live ISR replica in assignment order
                assertEquals(expectedLeader, a.leader(), "partition " + p + "'s leader");
            } else {
                assertEquals(b, a, "partition " + p + " untouched");
            }
        }
    }

    @Test
    void aPartitionWithNoLiveIsrReplicaGoesOfflineAndLeadsAgainWhenItsIsrReturns() throws Exception {
        startBrokers(quiet(), 1, 2, 3);
        new TopicAdmin(admin).create("solo", Map.of(0, List.of(1, 2)), Map.of());
        awaitStates("solo", 1);
        crash(2);
        Await.until(() -> state("solo", 0).isr().equals(List.of(1)), WAIT, "ISR shrinks to [1]");
        crash(1);
        Await.until(() -> state("solo", 0).leader() == -1, WAIT, "offline");
        assertEquals(List.of(1), state("solo", 0).isr(), "the last ISR member stays in the ISR");
        int offlineEpoch = state("solo", 0).leaderEpoch();
        startBroker(2, quiet()); // alive, but not in the ISR: no unclean election
        Await.until(() -> exists(KafkaZnodes.broker(2)), WAIT, "2 back");
        Thread.sleep(1500); // give a wrong election the time to happen
        assertEquals(-1, state("solo", 0).leader(), "still offline: unclean election is off");
        assertEquals(offlineEpoch, state("solo", 0).leaderEpoch());
        startBroker(1, quiet());
        Await.until(() -> state("solo", 0).leader() == 1, WAIT, "1 leads again when it returns");
        assertEquals(List.of(1), state("solo", 0).isr());
    }

    @Test
    void uncleanElectionLetsAnOutOfSyncReplicaLeadAsRecovering() throws Exception {
        PartitionController.Settings unclean = quiet().withUncleanLeaderElection(true);
        startBrokers(unclean, 1, 2, 3);
        new TopicAdmin(admin).create("u", Map.of(0, List.of(1, 2)), Map.of());
        awaitStates("u", 1);
        crash(2);
        Await.until(() -> state("u", 0).isr().equals(List.of(1)), WAIT, "ISR [1]");
        crash(1);
        Await.until(() -> state("u", 0).leader() == -1, WAIT, "offline");
        startBroker(2, unclean);
        Await.until(() -> state("u", 0).leader() == 2, WAIT, "2 leads, uncleanly");
        PartitionState s = state("u", 0);
        assertEquals(List.of(2), s.isr());
        assertTrue(s.recovering(), "leader_recovery_state RECOVERING after an unclean election");
    }

    @Test
    void controlledShutdownMovesEveryLeadershipBeforeTheBrokerDeregisters() throws Exception {
        startBrokers(quiet(), 1, 2, 3);
        new TopicAdmin(admin).create("cs", 9, 3, Map.of(), false);
        awaitStates("cs", 9);
        int leaving = state("cs", 0).leader();
        BrokerServices b = brokers.get(leaving);
        long epoch = ShutdownRequests.request(admin, leaving);
        ShutdownRequests.awaitDeregistered(admin, leaving, epoch, WAIT);
        // the agent deletes its registration, then says it is shut down: this thread may see the first before the second
        Await.until(() -> b.agent().isShutDown(), WAIT, "broker " + leaving + " says it shut down");
        long deregistered = admin.checkExists().forPath(KafkaZnodes.BROKER_IDS).getPzxid(); // the zxid of its deletion
        for (int p = 0; p < 9; p++) {
            Stat st = new Stat();
            PartitionState s = KafkaPayloads.parsePartitionState("s", admin.getData().storingStatIn(st).forPath(KafkaZnodes.partitionState("cs", p)));
            assertNotEquals(leaving, s.leader(), "partition " + p);
            assertFalse(s.isr().contains(leaving), "partition " + p + " ISR");
            assertTrue(st.getMzxid() < deregistered, "partition " + p + " moved before the broker deregistered");
        }
        crash(leaving);
        Await.until(() -> !exists(KafkaZnodes.controlledShutdown(leaving)), WAIT,
                "the answered request removed once the broker is gone");
    }

    @Test
    void deletingATopicRemovesItsZnodes() throws Exception {
        startBrokers(quiet(), 1, 2);
        new TopicAdmin(admin).create("gone", 4, 2, Map.of("retention.ms", "1000"), true);
        awaitStates("gone", 4);
        new TopicAdmin(admin).delete("gone");
        Await.until(() -> !exists(KafkaZnodes.topic("gone")) && !exists(KafkaZnodes.topicConfig("gone"))
                && !exists(KafkaZnodes.deleteTopic("gone")), WAIT, "topic deleted");
        new TopicAdmin(admin).create("gone", 2, 2, Map.of(), true); // and the name is free again
        awaitStates("gone", 2);
    }

    @Test
    void aReassignmentCompletesOnceTheLeaderReportsTheNewReplicasInSync() throws Exception {
        startBrokers(quiet(), 1, 2, 3, 4);
        new TopicAdmin(admin).create("r", Map.of(0, List.of(1, 2, 3)), Map.of());
        awaitStates("r", 1);
        TopicPartition tp = new TopicPartition("r", 0);
        admin.create().forPath(KafkaZnodes.REASSIGN_PARTITIONS, KafkaAdminPayloads.reassignPartitions(Map.of(tp, List.of(2, 3, 4))));
        Await.until(() -> topic("r").adding().equals(Map.of(0, List.of(4))),
                WAIT, "the topic lists the replicas being added");
        KafkaPayloads.TopicAssignment moving = KafkaPayloads.parseTopic("t", admin.getData().forPath(KafkaZnodes.topic("r")));
        assertEquals(List.of(2, 3, 4, 1), moving.partitions().get(0), "RS = TRS + ORS");
        assertEquals(List.of(1), moving.removing().get(0));
        assertNotNull(admin.checkExists().forPath(KafkaZnodes.REASSIGN_PARTITIONS), "waiting for 4 to join the ISR");

        LeaderIsrUpdater leader = new LeaderIsrUpdater(clients.get(1), 1); // broker 1 leads: its follower 4 caught up
        leader.updateIsr(tp, List.of(1, 2, 3, 4));
        assertEquals(1, leader.propagate(WAIT));
        Await.until(() -> !exists(KafkaZnodes.REASSIGN_PARTITIONS), WAIT, "reassignment done");
        PartitionState s = state("r", 0);
        assertEquals(2, s.leader(), "the first live target replica in the ISR leads");
        assertEquals(List.of(2, 3, 4), s.isr());
        KafkaPayloads.TopicAssignment done = KafkaPayloads.parseTopic("t", admin.getData().forPath(KafkaZnodes.topic("r")));
        assertEquals(List.of(2, 3, 4), done.partitions().get(0));
        assertEquals(Map.of(), done.adding());
        assertEquals(Map.of(), done.removing());
        Await.until(() -> children(KafkaZnodes.ISR_CHANGE_NOTIFICATION).isEmpty(), WAIT, "notifications consumed");
    }

    @Test
    void thePreferredReplicaLeadsAgainOnceBackInTheIsr() throws Exception {
        PartitionController.Settings rebalancing = PartitionController.Settings.defaults().withRebalanceInterval(Duration.ofMillis(500));
        startBrokers(rebalancing, 1, 2, 3);
        new TopicAdmin(admin).create("pref", Map.of(0, List.of(3, 1, 2), 1, List.of(3, 2, 1)), Map.of());
        awaitStates("pref", 2);
        crash(3);
        Await.until(() -> state("pref", 0).leader() == 1 && state("pref", 1).leader() == 2, WAIT, "led by others");
        startBroker(3, rebalancing);
        Map<Integer, Integer> leaders = new HashMap<>();
        for (int p = 0; p < 2; p++) {
            int l = state("pref", p).leader();
            leaders.put(p, l);
            List<Integer> isr = new ArrayList<>(state("pref", p).isr());
            isr.add(3); // 3 caught up again
            LeaderIsrUpdater leader = new LeaderIsrUpdater(clients.get(l), l);
            leader.updateIsr(new TopicPartition("pref", p), isr);
            leader.propagate(WAIT); // the controller hears of it through the ISR change notification
        }
        Await.until(() -> state("pref", 0).leader() == 3 && state("pref", 1).leader() == 3, WAIT,
                "the auto rebalance gives both back to broker 3 (was " + leaders + ")");
    }
}
