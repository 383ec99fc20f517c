package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.kafka.BrokerServices;
import io.hakeeper.kafka.KafkaPayloads;
import io.hakeeper.kafka.KafkaZnodes;
import io.hakeeper.kafka.PartitionController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** {@code hakeeper kafka topics | status | shutdown-broker} against three brokers (agents and controller) on a real ZooKeeper. */
class KafkaCliIT {
    static boolean exists(CuratorFramework c, String path) {
        try {
            return c.checkExists().forPath(path) != null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void topicsStatusAndControlledShutdown() throws Exception {
        List<AutoCloseable> open = new ArrayList<>();
        try (TestingServer server = new TestingServer(true);
             CuratorFramework admin = ZkSettings.builder(server.getConnectString()).build().connect()) {
            try {
                run(server.getConnectString(), admin, open);
            } finally { // the brokers first, while ZooKeeper is up: closing them against a stopped server waits on retries
                for (int i = open.size() - 1; i >= 0; i--) {
                    open.get(i).close();
                }
            }
        }
    }

    private void run(String connect, CuratorFramework admin, List<AutoCloseable> open) throws Exception {
        List<BrokerServices> brokers = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            CuratorFramework c = ZkSettings.builder(connect).sessionTimeout(Duration.ofSeconds(4)).build().connect();
            BrokerServices b = new BrokerServices(c, new KafkaPayloads.BrokerRegistration(id,
                    List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:" + (9092 + id))), null, -1, 0),
                    PartitionController.Settings.defaults(), new BrokerServices.Listener() { });
            open.add(c);
            open.add(b);
            brokers.add(b.start());
        }
        Await.until(() -> brokers.stream().anyMatch(b -> b.partitions().loadedEpoch() > 0), Duration.ofSeconds(20), "a controller");

        CliRun create = CliRun.of("kafka", "topics", "--create", "--topic", "orders", "--partitions", "3",
                "--replication-factor", "2", "--config", "retention.ms=1000", "--connect", connect);
        assertEquals(0, create.code(), create.toString());
        assertEquals("Created topic orders.", create.out().strip());
        CliRun again = CliRun.of("kafka", "topics", "--create", "--topic", "orders", "--partitions", "3", "--replication-factor", "2",
                "--connect", connect);
        assertEquals(8, again.code(), again.toString());
        assertEquals("error: Topic 'orders' already exists.", again.err().strip());
        CliRun badName = CliRun.of("kafka", "topics", "--create", "--topic", "a b", "--partitions", "1", "--replication-factor", "1",
                "--connect", connect);
        assertEquals(2, badName.code(), badName.toString()); // a bad value typed on the command line: usage
        assertEquals(1, badName.err().strip().lines().count(), badName.toString());
        CliRun tooMany = CliRun.of("kafka", "topics", "--create", "--topic", "x", "--partitions", "1", "--replication-factor", "4",
                "--connect", connect);
        assertEquals("error: Replication factor: 4 larger than available brokers: 3.", tooMany.err().strip(), tooMany.toString());

        Await.until(() -> exists(admin, KafkaZnodes.partitionState("orders", 2)), Duration.ofSeconds(20), "partitions");
        CliRun describe = CliRun.of("kafka", "topics", "--describe", "--topic", "orders", "--connect", connect);
        assertEquals(0, describe.code(), describe.toString());
        List<String> lines = describe.out().strip().lines().toList();
        assertEquals(4, lines.size(), describe.toString());
        assertTrue(lines.get(0).matches("Topic: orders\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 3\tReplicationFactor: 2\tConfigs: retention.ms=1000"),
                lines.get(0));
        assertTrue(lines.get(1).matches("\tTopic: orders\tPartition: 0\tLeader: (\\d)\tReplicas: \\1,\\d\tIsr: \\1,\\d"), lines.get(1));

        CliRun status = CliRun.of("kafka", "status", "--connect", connect);
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("topics      1 (3 partitions, 0 offline)"), status.toString());
        assertTrue(status.out().contains("health      ok"), status.toString());
        assertTrue(status.out().contains("\tTopic: orders\tPartition: 2\tLeader: "), status.toString());

        int leader = KafkaPayloads.parsePartitionState("s", admin.getData().forPath(KafkaZnodes.partitionState("orders", 0))).leader();
        CliRun shutdown = CliRun.of("kafka", "shutdown-broker", Integer.toString(leader), "--timeout-s", "20", "--connect", connect);
        assertEquals(0, shutdown.code(), shutdown.toString());
        assertNull(admin.checkExists().forPath(KafkaZnodes.broker(leader)), "deregistered");
        for (int p = 0; p < 3; p++) {
            assertNotEquals(leader, KafkaPayloads.parsePartitionState("s", admin.getData().forPath(KafkaZnodes.partitionState("orders", p))).leader());
        }
        // the broker left every ISR: its partitions are under-replicated, and status says so as a health check
        CliRun degraded = CliRun.of("kafka", "status", "--connect", connect);
        assertEquals(13, degraded.code(), degraded.toString());
        assertTrue(degraded.out().contains("health      degraded: "), degraded.toString());
        CliRun unknown = CliRun.of("kafka", "shutdown-broker", "99", "--connect", connect);
        assertEquals(7, unknown.code(), unknown.toString());
        assertTrue(unknown.err().startsWith("error: broker 99 is not registered"), unknown.toString());

        CliRun delete = CliRun.of("kafka", "topics", "--delete", "--topic", "orders", "--connect", connect);
        assertEquals(0, delete.code(), delete.toString());
        Await.until(() -> !exists(admin, KafkaZnodes.topic("orders")), Duration.ofSeconds(20), "deleted");
        assertEquals(7, CliRun.of("kafka", "topics", "--delete", "--topic", "orders", "--connect", connect).code());
    }
}
