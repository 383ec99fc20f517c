package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.testkit.Golden;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Our JSON against what Kafka 3.9 wrote (testkit's golden/kafka resources), with the golden timestamps; our readers on it. */
class KafkaGoldenTest {
    static long timestamp(Golden.Znode g) {
        String s = new String(g.data(), StandardCharsets.UTF_8);
        return Long.parseLong(s.replaceAll(".*\"timestamp\":\"(\\d+)\".*", "$1"));
    }

    @Test
    void brokerControllerTopicStateAndClusterIdAreByteForByteKafkas() {
        Golden.Znode broker = Golden.read("kafka", "brokers_ids_1");
        KafkaPayloads.Endpoint plaintext = KafkaPayloads.Endpoint.parse("PLAINTEXT://kafka1.example.com:9092");
        assertArrayEquals(broker.data(), KafkaPayloads.broker(new KafkaPayloads.BrokerRegistration(1, List.of(plaintext), "r1", -1,
                timestamp(broker))), new String(broker.data(), StandardCharsets.UTF_8));

        Golden.Znode controller = Golden.read("kafka", "controller");
        assertArrayEquals(controller.data(), KafkaPayloads.controller(1, timestamp(controller)));
        assertArrayEquals(Golden.read("kafka", "controller_epoch").data(), KafkaPayloads.controllerEpoch(1));
        assertArrayEquals(Golden.read("kafka", "cluster_id").data(), KafkaPayloads.clusterId("Q29tcGF0S2Fma2FDbHVzdA"));
        assertArrayEquals(Golden.read("kafka", "brokers_topics_t").data(), KafkaPayloads.topic(new KafkaPayloads.TopicAssignment(
                Map.of(0, List.of(1, 2, 3), 1, List.of(1, 2, 3), 2, List.of(1, 2, 3)), "VG9waWNUdFRvcGljVHRUVA")));
        for (int p = 0; p < 3; p++) {
            assertArrayEquals(Golden.read("kafka", "brokers_topics_t_partitions_" + p + "_state").data(),
                    KafkaPayloads.partitionState(new KafkaPayloads.PartitionState(1, 0, 1, List.of(1, 2, 3), false)));
        }
    }

    @Test
    void ourReadersReadTheGoldenBytes() {
        Golden.Znode broker = Golden.read("kafka", "brokers_ids_1");
        KafkaPayloads.BrokerRegistration b = KafkaPayloads.parseBroker(broker.path(), broker.data());
        assertEquals(1, b.id());
        assertEquals("r1", b.rack());
        assertEquals("PLAINTEXT://kafka1.example.com:9092", b.endpoints().get(0).connectionString());
        assertEquals(1, KafkaPayloads.parseController("/controller", Golden.read("kafka", "controller").data()));
        assertEquals(1, KafkaPayloads.parseControllerEpoch("/controller_epoch", Golden.read("kafka", "controller_epoch").data()));
        assertEquals("Q29tcGF0S2Fma2FDbHVzdA", KafkaPayloads.parseClusterId("/cluster/id", Golden.read("kafka", "cluster_id").data()));
        KafkaPayloads.TopicAssignment t = KafkaPayloads.parseTopic("/brokers/topics/t", Golden.read("kafka", "brokers_topics_t").data());
        assertEquals(List.of(1, 2, 3), t.partitions().get(2));
        KafkaPayloads.PartitionState s = KafkaPayloads.parsePartitionState("/s",
                Golden.read("kafka", "brokers_topics_t_partitions_0_state").data());
        assertEquals(new KafkaPayloads.PartitionState(1, 0, 1, List.of(1, 2, 3), false), s);
    }

    @Test
    void topLevelPathsAreKafkasWithNullData() {
        for (String path : List.of("/brokers/ids", "/brokers/topics", "/brokers/seqid", "/admin/delete_topics", "/consumers",
                "/isr_change_notification", "/config/topics")) {
            Golden.Znode g = Golden.read("kafka", path.substring(1).replace('/', '_'));
            assertEquals("PERSISTENT", g.mode(), path);
            assertNull(g.data(), path + " holds null, as Kafka leaves it");
            assertTrue(KafkaZnodes.PERSISTENT_PATHS.contains(path), path);
        }
    }

    @Test
    void foreignJsonNamesTheZnode() {
        CorruptZnodeException e = assertThrows(CorruptZnodeException.class,
                () -> KafkaPayloads.parseBroker("/brokers/ids/3", "{\"version\":5,\"host\":\"h\"}".getBytes()));
        assertTrue(e.getMessage().contains("/brokers/ids/3") && e.getMessage().contains("jmx_port"), e.getMessage());
        assertThrows(CorruptZnodeException.class, () -> KafkaPayloads.parseController("/controller", "not json".getBytes()));
        assertThrows(CorruptZnodeException.class, () -> KafkaPayloads.parseControllerEpoch("/controller_epoch", "x".getBytes()));
    }
}
