package io.hakeeper.kafka;

import static io.hakeeper.kafka.KafkaPayloads.JSON;
import static io.hakeeper.kafka.KafkaPayloads.bytes;
import static io.hakeeper.kafka.KafkaPayloads.required;
import static io.hakeeper.kafka.KafkaPayloads.tree;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of Kafka's admin and notification znodes (ZkData.scala, layouts.md §4.1): topic configs, ISR change
 * notifications, reassignment and preferred-replica requests; and the one znode of ours, the controlled-shutdown
 * request, which Kafka (whose brokers ask the controller over RPC) does not have.
 */
public final class KafkaAdminPayloads {
    private KafkaAdminPayloads() {
    }

    /** {@code /config/topics/<t>}: {@code {"version":1,"config":{...}}}. */
    public static byte[] topicConfig(Map<String, String> config) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", 1);
        ObjectNode c = n.putObject("config");
        new TreeMap<>(config).forEach(c::put);
        return bytes(n);
    }

    public static Map<String, String> parseTopicConfig(String path, byte[] data) {
        Map<String, String> config = new TreeMap<>();
        required(path, tree(path, data), "config").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        return config;
    }

    /** {@code /isr_change_notification/isr_change_<seq>}: the partitions whose ISR a leader changed. */
    public static byte[] isrChangeNotification(Collection<TopicPartition> partitions) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", 1);
        ArrayNode a = n.putArray("partitions");
        partitions.forEach(tp -> a.addObject().put("topic", tp.topic()).put("partition", tp.partition()));
        return bytes(n);
    }

    /** The partitions named by an ISR change notification or a preferred-replica election request. */
    public static List<TopicPartition> parsePartitionList(String path, byte[] data) {
        List<TopicPartition> out = new ArrayList<>();
        for (JsonNode p : required(path, tree(path, data), "partitions")) {
            out.add(new TopicPartition(required(path, p, "topic").asText(), required(path, p, "partition").asInt()));
        }
        return out;
    }

    /** {@code /admin/preferred_replica_election}. */
    public static byte[] preferredReplicaElection(Collection<TopicPartition> partitions) {
        return isrChangeNotification(partitions); // the same shape: {"version":1,"partitions":[{"topic","partition"}]}
    }

    /** {@code /admin/reassign_partitions}: target replicas per partition. */
    public static byte[] reassignPartitions(Map<TopicPartition, List<Integer>> targets) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", 1);
        ArrayNode a = n.putArray("partitions");
        new TreeMap<>(targets).forEach((tp, replicas) -> {
            ObjectNode p = a.addObject().put("topic", tp.topic()).put("partition", tp.partition());
            ArrayNode r = p.putArray("replicas");
            replicas.forEach(r::add);
        });
        return bytes(n);
    }

    public static Map<TopicPartition, List<Integer>> parseReassignPartitions(String path, byte[] data) {
        Map<TopicPartition, List<Integer>> out = new LinkedHashMap<>();
        for (JsonNode p : required(path, tree(path, data), "partitions")) {
            List<Integer> replicas = new ArrayList<>();
            required(path, p, "replicas").forEach(r -> replicas.add(r.asInt()));
            if (replicas.isEmpty()) {
                throw new CorruptZnodeException(path, "asks to move a partition to no replicas", null);
            }
            out.put(new TopicPartition(required(path, p, "topic").asText(), required(path, p, "partition").asInt()),
                    List.copyOf(replicas));
        }
        return out;
    }

    /**
     * Ours, {@code /hakeeper/controlled_shutdown/<broker>}: a request that the controller move the broker's
     * leaderships away (written by {@code hakeeper kafka shutdown-broker}, for the registration whose czxid is
     * {@code brokerEpoch}), then its answer: {@code done} with the partitions the broker still leads (those with no
     * other live replica in their ISR).
     */
    public record ShutdownRequest(int broker, long brokerEpoch, boolean done, List<TopicPartition> remaining) {
    }

    public static byte[] shutdownRequest(ShutdownRequest r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", 1);
        n.put("broker", r.broker());
        n.put("broker_epoch", r.brokerEpoch());
        n.put("status", r.done() ? "done" : "requested");
        ArrayNode a = n.putArray("remaining_leaders");
        r.remaining().forEach(tp -> a.addObject().put("topic", tp.topic()).put("partition", tp.partition()));
        return bytes(n);
    }

    public static ShutdownRequest parseShutdownRequest(String path, byte[] data) {
        JsonNode n = tree(path, data);
        List<TopicPartition> remaining = new ArrayList<>();
        n.path("remaining_leaders").forEach(p -> remaining.add(new TopicPartition(p.path("topic").asText(), p.path("partition").asInt())));
        return new ShutdownRequest(required(path, n, "broker").asInt(), required(path, n, "broker_epoch").asLong(),
                "done".equals(n.path("status").asText()), remaining);
    }
}
