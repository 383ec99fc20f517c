package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.testkit.Golden;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaAdminPayloadsTest {
    @Test
    void topicConfigEqualsTheGoldenBytes() {
        assertArrayEquals(Golden.read("kafka", "config_topics_t").data(), KafkaAdminPayloads.topicConfig(Map.of()));
        assertEquals(Map.of("retention.ms", "1000"), KafkaAdminPayloads.parseTopicConfig("/c",
                KafkaAdminPayloads.topicConfig(Map.of("retention.ms", "1000"))));
    }

    @Test
    void notificationsAndRequestsAreKafkasJson() {
        assertEquals("{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0}]}",
                new String(KafkaAdminPayloads.isrChangeNotification(List.of(new TopicPartition("t", 0))), StandardCharsets.UTF_8));
        assertEquals("{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":1,\"replicas\":[2,3]}]}",
                new String(KafkaAdminPayloads.reassignPartitions(Map.of(new TopicPartition("t", 1), List.of(2, 3))), StandardCharsets.UTF_8));
        assertEquals(Map.of(new TopicPartition("t", 1), List.of(2, 3)), KafkaAdminPayloads.parseReassignPartitions("/r",
                "{\"partitions\":[{\"replicas\":[2,3],\"partition\":1,\"topic\":\"t\"}],\"version\":1}".getBytes(StandardCharsets.UTF_8)));
        CorruptZnodeException e = assertThrows(CorruptZnodeException.class,
                () -> KafkaAdminPayloads.parsePartitionList("/isr_change_notification/isr_change_0000000001", "[1,2]".getBytes()));
        assertTrue(e.getMessage().contains("/isr_change_notification/isr_change_0000000001"), e.getMessage());
    }

    @Test
    void isrChangeNotificationsStayFarBelowTheZnodeLimitAndLoseNoPartition() {
        List<TopicPartition> changed = new ArrayList<>();
        String longName = "t".repeat(249);
        for (int p = 0; p < 20_000; p++) {
            changed.add(new TopicPartition(longName, p));
        }
        List<byte[]> chunks = LeaderIsrUpdater.chunks(changed, LeaderIsrUpdater.MAX_NOTIFICATION_BYTES);
        assertTrue(chunks.size() > 1, "split: one znode would hold " + 20_000 * 290 + " bytes");
        List<TopicPartition> back = new ArrayList<>();
        for (byte[] c : chunks) {
            assertTrue(c.length <= LeaderIsrUpdater.MAX_NOTIFICATION_BYTES, c.length + " bytes");
            back.addAll(KafkaAdminPayloads.parsePartitionList("/n", c));
        }
        assertEquals(changed, back);
    }

    @Test
    void zkGetDecodesTheAdminZnodes() {
        KafkaPayloadDecoder d = new KafkaPayloadDecoder();
        assertEquals("controlled shutdown of broker 3 (broker epoch 77): done, still leading [[t,1]]", d.decode("/hakeeper/controlled_shutdown/3",
                KafkaAdminPayloads.shutdownRequest(new KafkaAdminPayloads.ShutdownRequest(3, 77, true, List.of(new TopicPartition("t", 1)))), null).orElseThrow());
        assertEquals("reassign to {[t,0]=[2, 3]}", d.decode("/admin/reassign_partitions",
                KafkaAdminPayloads.reassignPartitions(Map.of(new TopicPartition("t", 0), List.of(2, 3))), null).orElseThrow());
        assertEquals("topic config {retention.ms=5}", d.decode("/config/topics/t", KafkaAdminPayloads.topicConfig(Map.of("retention.ms", "5")), null).orElseThrow());
        assertEquals("leader 1, leader epoch 0, isr [1, 2, 3], controller epoch 1",
                d.decode("/brokers/topics/t/partitions/0/state", Golden.read("kafka", "brokers_topics_t_partitions_0_state").data(), null).orElseThrow());
        CorruptZnodeException e = assertThrows(CorruptZnodeException.class, () -> d.decode("/brokers/topics/t/partitions/0/state",
                "{\"version\":1,\"leader\":1}".getBytes(StandardCharsets.UTF_8), null));
        assertTrue(e.getMessage().contains("/brokers/topics/t/partitions/0/state") && e.getMessage().contains("leader_epoch"), e.getMessage());
    }
}
