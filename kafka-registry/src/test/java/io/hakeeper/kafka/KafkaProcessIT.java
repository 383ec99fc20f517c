package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.testkit.SplitBrainChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three broker agents as real processes. Each, while it believes it is (or was) controller, keeps writing behind the
 * controller-epoch check; the ledger records every write ZooKeeper accepted, and the split-brain checker proves no
 * controller wrote in an epoch after a newer one began.
 */
class KafkaProcessIT {
    static final long SESSION_MS = 4000;
    @TempDir
    Path dir;
    TestingServer zk;
    CuratorFramework admin;
    SplitBrainChecker checker;
    final Map<Integer, JavaProcess> brokers = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        admin = ZkSettings.builder(zk.getConnectString()).build().connect();
        checker = SplitBrainChecker.atFile(dir.resolve("ledger"));
        for (int id = 1; id <= 3; id++) {
            JavaProcess p = JavaProcess.of("broker" + id, KafkaAgentMain.class.getName(), List.of("-Xmx64m"),
                    List.of("--connect", zk.getConnectString(), "--id", Integer.toString(id), "--listener",
                            "PLAINTEXT://127.0.0.1:" + (9090 + id), "--session-ms", Long.toString(SESSION_MS), "--ledger",
                            dir.resolve("ledger").toString()), dir.resolve("broker" + id + ".log"));
            brokers.put(id, p.start());
        }
    }

    @AfterEach
    void stop() throws Exception {
        brokers.values().forEach(JavaProcess::close);
        admin.close();
        zk.close();
        checker.assertNoSplitBrain();
    }

    int controller() {
        try {
            return KafkaPayloads.parseController(KafkaZnodes.CONTROLLER, admin.getData().forPath(KafkaZnodes.CONTROLLER));
        } catch (Exception e) {
            return -1;
        }
    }

    int registered() {
        try {
            return admin.getChildren().forPath(KafkaZnodes.BROKER_IDS).size();
        } catch (Exception e) {
            return 0;
        }
    }

    int epoch() throws Exception {
        return KafkaPayloads.parseControllerEpoch(KafkaZnodes.CONTROLLER_EPOCH, admin.getData().forPath(KafkaZnodes.CONTROLLER_EPOCH));
    }

    String log(int id) {
        try {
            return Files.readString(dir.resolve("broker" + id + ".log"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    @Test
    void killNineOfTheControllerElectsAnotherWithTheNextEpoch() throws Exception {
        Await.until(() -> controller() > 0 && registered() == 3, Duration.ofSeconds(60), "a controller and three registered brokers");
        int first = controller();
        int firstEpoch = epoch();
        long killed = System.currentTimeMillis();
        brokers.get(first).kill9();
        Await.until(() -> controller() > 0 && controller() != first, Duration.ofSeconds(30), "another controller");
        long took = System.currentTimeMillis() - killed;
        assertEquals(firstEpoch + 1, epoch(), "the epoch went up by one");
        assertTrue(took <= SESSION_MS + 1000 + 2000 /* the server's tick */, "new controller " + took + " ms after the kill");
        Thread.sleep(300);
        assertTrue(checker.writes() > 0, "controllers wrote, so the checker judged something");
    }

    KafkaPayloads.PartitionState state(int p) {
        try {
            return KafkaPayloads.parsePartitionState("s", admin.getData().forPath(KafkaZnodes.partitionState("t", p)));
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void killNineOfTheControllingBrokerMovesEveryLeadershipItHeldToItsIsr() throws Exception {
        Await.until(() -> controller() > 0 && registered() == 3, Duration.ofSeconds(60), "a controller and three registered brokers");
        new TopicAdmin(admin).create("t", 6, 3, Map.of(), false);
        Await.until(() -> java.util.stream.IntStream.range(0, 6).allMatch(p -> state(p) != null), Duration.ofSeconds(30), "partitions made");
        int victim = controller(); // it leads two of the six: the next controller must load them and move them
        Map<Integer, KafkaPayloads.PartitionState> before = new LinkedHashMap<>();
        for (int p = 0; p < 6; p++) {
            before.put(p, state(p));
        }
        assertTrue(before.values().stream().anyMatch(s -> s.leader() == victim), "the victim leads something: " + before);
        long killed = System.currentTimeMillis();
        brokers.get(victim).kill9();
        Await.until(() -> java.util.stream.IntStream.range(0, 6).allMatch(p -> state(p).leader() != victim && !state(p).isr().contains(victim)),
                Duration.ofSeconds(30), "every leadership and ISR seat of broker " + victim + " moved");
        long took = System.currentTimeMillis() - killed;
        for (int p = 0; p < 6; p++) {
            KafkaPayloads.PartitionState b = before.get(p);
            KafkaPayloads.PartitionState a = state(p);
            List<Integer> isr = b.isr().stream().filter(r -> r != victim).toList();
            assertEquals(isr, a.isr(), "partition " + p + ": the ISR shrank");
            assertEquals(b.leader() == victim ? isr.get(0) : b.leader(), a.leader(), "partition " + p + ": a leader from its ISR");
            assertEquals(b.leaderEpoch() + 1, a.leaderEpoch(), "partition " + p + ": leader epoch + 1");
        }
        assertTrue(took <= SESSION_MS + 1000 + 2000 /* the server's tick */, "leaders moved " + took + " ms after the kill");
        assertTrue(checker.records().stream().anyMatch(r -> r.contains("partition:t@")), "partition writes were judged");
    }

    @Test
    void sigtermMovesTheBrokersLeadershipsBeforeItDeregisters() throws Exception {
        Await.until(() -> controller() > 0 && registered() == 3, Duration.ofSeconds(60), "a controller and three registered brokers");
        new TopicAdmin(admin).create("t", 6, 3, Map.of(), false);
        Await.until(() -> java.util.stream.IntStream.range(0, 6).allMatch(p -> state(p) != null), Duration.ofSeconds(30), "partitions made");
        int controller = controller();
        int leaving = java.util.stream.IntStream.range(0, 6).map(p -> state(p).leader()).filter(l -> l != controller)
                .findFirst().orElseThrow();
        brokers.get(leaving).terminate(Duration.ofSeconds(40)); // SIGTERM; SIGKILL only if it hangs past that
        assertEquals(128 + 15, brokers.get(leaving).exitValue(), "the JVM's exit on SIGTERM, not a SIGKILL after the grace:\n" + log(leaving));
        assertTrue(log(leaving).contains("shut down (controlled)"), log(leaving));
        long deregistered = admin.checkExists().forPath(KafkaZnodes.BROKER_IDS).getPzxid(); // the zxid of its deletion
        for (int p = 0; p < 6; p++) {
            org.apache.zookeeper.data.Stat st = new org.apache.zookeeper.data.Stat();
            KafkaPayloads.PartitionState s = KafkaPayloads.parsePartitionState("s",
                    admin.getData().storingStatIn(st).forPath(KafkaZnodes.partitionState("t", p)));
            assertNotEquals(leaving, s.leader(), "partition " + p);
            assertFalse(s.isr().contains(leaving), "partition " + p + " ISR " + s.isr());
            assertTrue(st.getMzxid() < deregistered, "partition " + p + " moved before the broker deregistered");
        }
    }

    @Test
    void aFrozenControllerResumedCannotWriteAnything() throws Exception {
        Await.until(() -> controller() > 0 && registered() == 3, Duration.ofSeconds(60), "a controller");
        new TopicAdmin(admin).create("t", 6, 3, Map.of(), false); // the frozen one leads some: the next moves them
        int first = controller();
        // freeze it in its steady state, not in the middle of recording its election (the ledger is no fenced
        // resource: a record begun before the freeze lands after it)
        Await.until(() -> checker.records().stream().filter(r -> r.contains(" WRITE broker" + first + " ")).count() >= 5,
                Duration.ofSeconds(30), "the controller writing");
        brokers.get(first).suspend(); // past the session: another broker takes over
        Await.until(() -> controller() > 0 && controller() != first, Duration.ofSeconds(30), "another controller");
        Thread.sleep(500); // the new controller writes in its epoch
        brokers.get(first).resume();
        try {
            Await.until(() -> log(first).contains("controller write refused"), Duration.ofSeconds(30),
                    "the old controller tried to write and was refused");
        } catch (java.util.concurrent.TimeoutException e) {
            fail(e.getMessage() + "; its log:\n" + log(first));
        }
        // the checker (after each test) proves that none of its tries landed after the new epoch began
    }

    /**
     * A broker-agent started with an id another live process holds is a configuration mistake: as Kafka's own broker
     * fails its start-up, it says so in one line and exits 8, never competing for the controller, and the rightful
     * owner keeps its registration.
     */
    @Test
    void aSecondAgentWithALiveBrokersIdExitsEightWithOneLine() throws Exception {
        Await.until(() -> registered() == 3, Duration.ofSeconds(30), "three brokers registered");
        long owner = admin.checkExists().forPath(KafkaZnodes.broker(2)).getEphemeralOwner();
        int epochBefore = epoch();
        JavaProcess duplicate = JavaProcess.of("duplicate2", KafkaAgentMain.class.getName(), List.of("-Xmx64m"),
                List.of("--connect", zk.getConnectString(), "--id", "2", "--listener", "PLAINTEXT://127.0.0.1:9199",
                        "--session-ms", Long.toString(SESSION_MS)), dir.resolve("duplicate2.log"));
        try {
            duplicate.start();
            assertTrue(duplicate.waitForExit(Duration.ofSeconds(30)), "the duplicate exits by itself");
            assertEquals(8, duplicate.exitValue(), "exit 8: owned by another live session");
            List<String> errors = java.nio.file.Files.readAllLines(dir.resolve("duplicate2.log")).stream()
                    .filter(l -> l.startsWith("error: ")).toList();
            assertEquals(1, errors.size(), "one error line: " + errors);
            assertTrue(errors.get(0).contains("broker id 2 is registered by another live process")
                    && errors.get(0).contains("another --id"), errors.get(0));
            assertEquals(owner, admin.checkExists().forPath(KafkaZnodes.broker(2)).getEphemeralOwner(),
                    "the rightful broker 2 keeps its registration");
            assertEquals(epochBefore, epoch(), "the duplicate never competed for the controller");
        } finally {
            duplicate.close();
        }
    }
}
