package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.kafka.ConsumerPayloads;
import io.hakeeper.kafka.KafkaPayloads;
import io.hakeeper.kafka.KafkaZnodes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** {@code hakeeper kafka consumer-groups --list | --describe --group G} against znodes laid out as Kafka's old consumer. */
class KafkaConsumerGroupsCliIT {
    @Test
    void listAndDescribe() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework c = ZkSettings.builder(server.getConnectString()).build().connect()) {
            String connect = server.getConnectString();
            c.create().creatingParentsIfNeeded().forPath(KafkaZnodes.topic("t"), KafkaPayloads.topic(
                    new KafkaPayloads.TopicAssignment(Map.of(0, List.of(1), 1, List.of(1), 2, List.of(1)), null)));
            c.create().creatingParentsIfNeeded().forPath(KafkaZnodes.consumerRegistration("g", "g_a"),
                    ConsumerPayloads.registration(Map.of("t", 1), 1700000000000L));
            c.create().creatingParentsIfNeeded().forPath(KafkaZnodes.consumerOwner("g", "t", 0), ConsumerPayloads.owner("g_a-0"));
            c.create().creatingParentsIfNeeded().forPath(KafkaZnodes.consumerOffset("g", "t", 0), ConsumerPayloads.offset(42));
            c.create().creatingParentsIfNeeded().forPath(KafkaZnodes.consumerOffset("g", "t", 2), ConsumerPayloads.offset(7));

            CliRun list = CliRun.of("kafka", "consumer-groups", "--list", "--connect", connect);
            assertEquals(0, list.code(), list.toString());
            assertEquals("g", list.out().strip());

            CliRun describe = CliRun.of("kafka", "consumer-groups", "--describe", "--group", "g", "--connect", connect);
            assertEquals(0, describe.code(), describe.toString());
            assertEquals(String.join(System.lineSeparator(),
                    "GROUP  TOPIC  PARTITION  CURRENT-OFFSET  OWNER",
                    "g      t      0          42              g_a-0",
                    "g      t      1          -               -",
                    "g      t      2          7               -", ""), describe.out());

            CliRun unknown = CliRun.of("kafka", "consumer-groups", "--describe", "--group", "nope", "--connect", connect);
            assertEquals(7, unknown.code(), unknown.toString());
            assertEquals(1, unknown.err().strip().lines().count(), unknown.toString());
            assertTrue(unknown.err().startsWith("error: no consumer group 'nope'"), unknown.toString());

            assertEquals(2, CliRun.of("kafka", "consumer-groups", "--describe", "--connect", connect).code(), "--describe needs --group");
            assertEquals(2, CliRun.of("kafka", "consumer-groups", "--list", "--describe", "--group", "g", "--connect", connect).code());

            c.setData().forPath(KafkaZnodes.consumerOffset("g", "t", 2), "seven".getBytes(StandardCharsets.US_ASCII));
            CliRun corrupt = CliRun.of("kafka", "consumer-groups", "--describe", "--group", "g", "--connect", connect);
            assertEquals(6, corrupt.code(), corrupt.toString());
            assertTrue(corrupt.out().contains("g      t      2          -               -"), corrupt.toString());
            assertTrue(corrupt.out().contains("problem: znode /consumers/g/offsets/t/2: is not a decimal offset"), corrupt.toString());
        }
    }
}
