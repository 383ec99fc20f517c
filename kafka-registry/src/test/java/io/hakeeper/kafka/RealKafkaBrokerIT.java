package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaServer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker agents beside a real Kafka 3.9 broker in ZooKeeper mode (Kafka's own {@code KafkaServer}, in this JVM)
 * on the same quorum and chroot: an agent given the real broker's id is refused (exit code 8) and takes nothing; an
 * agent of another id registers but never competes for {@code /controller}, even when the controllership is open;
 * and the real broker starts, stays controller and serves a produce and consume round trip.
 */
class RealKafkaBrokerIT {
    private static final String CHROOT = "/kafka";

    @TempDir
    Path dir;
    private TestingServer zk;
    private final Deque<AutoCloseable> open = new ArrayDeque<>();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterEach
    void stop() throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
        zk.close();
    }

    @Test
    void theAgentsNeverTakeAnythingFromARealBroker() throws Exception {
        CuratorFramework admin = client();
        int port = FreePorts.reserve(1)[0];
        KafkaServer real = realBroker(1, port);
        Await.until(() -> exists(admin, KafkaZnodes.broker(1)) && exists(admin, KafkaZnodes.CONTROLLER), Duration.ofSeconds(60),
                "the real broker registered and controller");
        long realOwner = admin.checkExists().forPath(KafkaZnodes.broker(1)).getEphemeralOwner();

        BrokerServices sameId = agent(1);
        Await.until(() -> sameId.agent().refusal() != null, Duration.ofSeconds(15), "the agent with the real broker's id refused");
        assertEquals(ExitCode.CONFLICT, sameId.agent().refusal().exitCode(), "exit 8");
        assertEquals(realOwner, admin.checkExists().forPath(KafkaZnodes.broker(1)).getEphemeralOwner(), "nothing taken over");

        BrokerServices other = agent(2);
        Await.until(() -> other.agent().brokerEpoch() >= 0, Duration.ofSeconds(15), "the agent of broker 2 registered");
        Await.until(() -> other.controller().stuckReason() != null, Duration.ofSeconds(15), "broker 2 not competing");
        assertTrue(other.controller().stuckReason().contains("broker 1 is registered by a process that is not a hakeeper"),
                other.controller().stuckReason());
        // open the controllership: the real broker's own watch elects it again; the agent stays out
        admin.delete().forPath(KafkaZnodes.CONTROLLER);
        Await.until(() -> exists(admin, KafkaZnodes.CONTROLLER), Duration.ofSeconds(30), "a controller again");
        Thread.sleep(2000);
        assertEquals(1, KafkaPayloads.parseController(KafkaZnodes.CONTROLLER, admin.getData().forPath(KafkaZnodes.CONTROLLER)),
                "the real broker is the controller again");
        assertEquals(-1, other.controller().epoch());

        roundTrip(port, 1);
        assertTrue(real.brokerState().toString().contains("RUNNING"), real.brokerState().toString());
    }

    /**
     * The other order, which no agent can make safe: an agent holds id 3 when a real broker with id 3 starts. Kafka's
     * own duplicate-id check (its CheckedEphemeral) fails the broker's start-up; the agent keeps its registration
     * (nothing is overwritten either way); once the agent is stopped, the broker starts and serves. This is why the
     * README forbids an agent in a real cluster: the agent cannot see a broker that has not registered yet.
     */
    @Test
    void aRealBrokerStartingAfterAnAgentTookItsIdFailsItsStartUpAndTakesNothing() throws Exception {
        ZkSettings.builder(zk.getConnectString() + CHROOT).build().createChrootIfMissing(); // as the agent's process does
        CuratorFramework admin = client();
        BrokerServices agent = agent(3);
        Await.until(() -> agent.agent().brokerEpoch() >= 0, Duration.ofSeconds(15), "the agent of broker 3 registered");
        long agentOwner = admin.checkExists().forPath(KafkaZnodes.broker(3)).getEphemeralOwner();

        int port = FreePorts.reserve(1)[0];
        Exception refused = assertThrows(Exception.class, () -> realBroker(3, port));
        assertTrue(String.valueOf(refused).contains("NodeExists") || String.valueOf(refused.getCause()).contains("NodeExists"),
                "Kafka's own duplicate-id check: " + refused);
        assertEquals(agentOwner, admin.checkExists().forPath(KafkaZnodes.broker(3)).getEphemeralOwner(),
                "the agent's registration is untouched");

        agent.close();
        Await.until(() -> !exists(admin, KafkaZnodes.broker(3)), Duration.ofSeconds(10), "the agent's registration gone");
        KafkaServer real = realBroker(3, port);
        Await.until(() -> exists(admin, KafkaZnodes.broker(3)), Duration.ofSeconds(60), "the real broker registered");
        roundTrip(port, 3);
        assertTrue(real.brokerState().toString().contains("RUNNING"), real.brokerState().toString());
    }

    private void roundTrip(int port, int brokerId) throws Exception {
        String bootstrap = "127.0.0.1:" + port;
        try (Admin kafkaAdmin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // on the real broker: Kafka would place replicas on any registered id, the agent's too (one more reason
            // never to register an agent in a real cluster), and nothing serves what is placed there
            kafkaAdmin.createTopics(List.of(new NewTopic("round-trip", Map.of(0, List.of(brokerId))))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("round-trip", "k", "hello from beside the agents")).get();
        }
        // assigned, not subscribed: no group coordinator (and its offsets topic) stands between the record and us
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "enable.auto.commit", "false", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            org.apache.kafka.common.TopicPartition tp = new org.apache.kafka.common.TopicPartition("round-trip", 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    assertEquals("hello from beside the agents", records.iterator().next().value());
                    return;
                }
            }
        }
        throw new AssertionError("the record never came back");
    }

    private KafkaServer realBroker(int id, int port) {
        Properties p = new Properties();
        p.put("zookeeper.connect", zk.getConnectString() + CHROOT);
        p.put("zookeeper.session.timeout.ms", "6000");
        p.put("broker.id", Integer.toString(id));
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("log.dirs", dir.resolve("kafka-logs-" + id).toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        KafkaServer server = new KafkaServer(KafkaConfig.fromProps(p), Time.SYSTEM, scala.Option.empty(), false);
        server.startup(); // a failed start-up shuts the server down before it throws
        open.push(() -> {
            server.shutdown();
            server.awaitShutdown();
        });
        return server;
    }

    private BrokerServices agent(int id) {
        BrokerServices s = new BrokerServices(client(), new KafkaPayloads.BrokerRegistration(id,
                List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:" + (19092 + id))), null, -1, 0),
                PartitionController.Settings.defaults(), new BrokerServices.Listener() { });
        open.push(s);
        return s.start();
    }

    private CuratorFramework client() {
        CuratorFramework c = ZkSettings.builder(zk.getConnectString() + CHROOT).sessionTimeout(Duration.ofSeconds(6)).build().connect();
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
