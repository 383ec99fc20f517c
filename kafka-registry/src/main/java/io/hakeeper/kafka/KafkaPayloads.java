package io.hakeeper.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka's ZooKeeper JSON (ZkData.scala, layouts.md §4), compact as Jackson writes it, keys in the order real Kafka
 * 3.9 emits them (so our bytes equal the golden ones but for timestamps; Kafka's readers ignore order anyway).
 * Decoders accept what Kafka accepts and name the znode when they cannot.
 */
public final class KafkaPayloads {
    static final ObjectMapper JSON = new ObjectMapper();

    private KafkaPayloads() {
    }

    /** One listener: {@code PLAINTEXT://host:port}, with its security protocol. */
    public record Endpoint(String listener, String host, int port, String securityProtocol) {
        public static Endpoint parse(String spec) {
            int sep = spec.indexOf("://");
            int colon = spec.lastIndexOf(':');
            if (sep <= 0 || colon <= sep + 2) {
                throw new IllegalArgumentException("not a listener: '" + spec + "' (LISTENER://host:port)");
            }
            String listener = spec.substring(0, sep);
            String host = spec.substring(sep + 3, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Endpoint(listener, host, Integer.parseInt(spec.substring(colon + 1)), listener);
        }

        /** EndPoint.connectionString: IPv6 hosts bracketed, as Utils.formatAddress. */
        public String connectionString() {
            return listener + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** {@code /brokers/ids/<id>}, version 5. */
    public record BrokerRegistration(int id, List<Endpoint> endpoints, String rack, int jmxPort, long timestamp) {
    }

    public static byte[] broker(BrokerRegistration b) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("features");
        ObjectNode protocols = n.putObject("listener_security_protocol_map");
        b.endpoints().forEach(e -> protocols.put(e.listener(), e.securityProtocol()));
        ArrayNode eps = n.putArray("endpoints");
        b.endpoints().forEach(e -> eps.add(e.connectionString()));
        if (b.rack() != null) {
            n.put("rack", b.rack());
        }
        n.put("jmx_port", b.jmxPort());
        Endpoint plain = b.endpoints().stream().filter(e -> e.securityProtocol().equals("PLAINTEXT")).findFirst().orElse(null);
        n.put("port", plain == null ? -1 : plain.port());
        if (plain == null) {
            n.putNull("host");
        } else {
            n.put("host", plain.host());
        }
        n.put("version", 5);
        n.put("timestamp", Long.toString(b.timestamp()));
        return bytes(n);
    }

    public static BrokerRegistration parseBroker(String path, byte[] data) {
        JsonNode n = tree(path, data);
        int version = required(path, n, "version").asInt();
        if (!n.has("jmx_port")) {
            throw new CorruptZnodeException(path, "is a broker registration without jmx_port (Kafka requires it)", null);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        if (version >= 2 && n.has("endpoints")) {
            JsonNode map = n.path("listener_security_protocol_map");
            for (JsonNode e : n.get("endpoints")) {
                Endpoint ep = Endpoint.parse(e.asText());
                String protocol = map.has(ep.listener()) ? map.get(ep.listener()).asText() : ep.listener();
                endpoints.add(new Endpoint(ep.listener(), ep.host(), ep.port(), protocol));
            }
        } else {
            endpoints.add(new Endpoint("PLAINTEXT", required(path, n, "host").asText(), required(path, n, "port").asInt(), "PLAINTEXT"));
        }
        int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        return new BrokerRegistration(id, endpoints, n.hasNonNull("rack") ? n.get("rack").asText() : null,
                n.get("jmx_port").asInt(), n.path("timestamp").asLong(-1));
    }

    /** {@code /controller}, version 2, as a ZooKeeper-mode controller writes it (kraftControllerEpoch -1). */
    public static byte[] controller(int brokerId, long timestamp) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", 2);
        n.put("brokerid", brokerId);
        n.put("timestamp", Long.toString(timestamp));
        n.put("kraftControllerEpoch", -1);
        return bytes(n);
    }

    public static int parseController(String path, byte[] data) {
        return required(path, tree(path, data), "brokerid").asInt();
    }

    /** {@code /controller_epoch}: the bare decimal epoch. */
    public static byte[] controllerEpoch(int epoch) {
        return Integer.toString(epoch).getBytes(StandardCharsets.US_ASCII);
    }

    public static int parseControllerEpoch(String path, byte[] data) {
        try {
            return Integer.parseInt(new String(data, StandardCharsets.US_ASCII).trim());
        } catch (RuntimeException e) {
            throw new CorruptZnodeException(path, "is not a decimal controller epoch", e);
        }
    }

    /** {@code /cluster/id}: {"version":"1","id":...}. */
    public static byte[] clusterId(String id) {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", "1");
        n.put("id", id);
        return bytes(n);
    }

    public static String parseClusterId(String path, byte[] data) {
        return required(path, tree(path, data), "id").asText();
    }

    /**
     * {@code /brokers/topics/<t>}, version 3: partition to replicas (assignment order), and for partitions being
     * reassigned the replicas being added and removed.
     */
    public record TopicAssignment(Map<Integer, List<Integer>> partitions, String topicId,
            Map<Integer, List<Integer>> adding, Map<Integer, List<Integer>> removing) {
        public TopicAssignment(Map<Integer, List<Integer>> partitions, String topicId) {
            this(partitions, topicId, Map.of(), Map.of());
        }
    }

    public static byte[] topic(TopicAssignment t) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode parts = n.putObject("partitions");
        new TreeMap<>(t.partitions()).forEach((p, replicas) -> {
            ArrayNode a = parts.putArray(Integer.toString(p));
            replicas.forEach(a::add);
        });
        if (t.topicId() != null) {
            n.put("topic_id", t.topicId());
        }
        putReplicaLists(n.putObject("adding_replicas"), t.adding());
        putReplicaLists(n.putObject("removing_replicas"), t.removing());
        n.put("version", 3);
        return bytes(n);
    }

    private static void putReplicaLists(ObjectNode into, Map<Integer, List<Integer>> lists) {
        new TreeMap<>(lists).forEach((p, replicas) -> {
            if (!replicas.isEmpty()) { // Kafka lists only partitions with a non-empty list
                ArrayNode a = into.putArray(Integer.toString(p));
                replicas.forEach(a::add);
            }
        });
    }

    public static TopicAssignment parseTopic(String path, byte[] data) {
        JsonNode n = tree(path, data);
        return new TopicAssignment(replicaLists(path, required(path, n, "partitions")),
                n.hasNonNull("topic_id") ? n.get("topic_id").asText() : null,
                replicaLists(path, n.path("adding_replicas")), replicaLists(path, n.path("removing_replicas")));
    }

    private static Map<Integer, List<Integer>> replicaLists(String path, JsonNode lists) {
        Map<Integer, List<Integer>> parts = new TreeMap<>();
        lists.fields().forEachRemaining(e -> {
            List<Integer> replicas = new ArrayList<>();
            e.getValue().forEach(r -> replicas.add(r.asInt()));
            try {
                parts.put(Integer.parseInt(e.getKey()), List.copyOf(replicas));
            } catch (NumberFormatException bad) {
                throw new CorruptZnodeException(path, "names partition '" + e.getKey() + "', not a number", bad);
            }
        });
        return parts;
    }

    /** {@code .../partitions/<p>/state}, version 1; leader -1 means none. */
    public record PartitionState(int leader, int leaderEpoch, int controllerEpoch, List<Integer> isr, boolean recovering) {
    }

    public static byte[] partitionState(PartitionState s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("controller_epoch", s.controllerEpoch());
        n.put("leader", s.leader());
        n.put("version", 1);
        n.put("leader_epoch", s.leaderEpoch());
        ArrayNode isr = n.putArray("isr");
        s.isr().forEach(isr::add);
        if (s.recovering()) {
            n.put("leader_recovery_state", 1);
        }
        return bytes(n);
    }

    /**
     * Read with Jackson's streaming parser, not a tree: a new controller reads every partition's state (100,000 of
     * them at scale) and this is most of its CPU.
     */
    public static PartitionState parsePartitionState(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new CorruptZnodeException(path, "is empty where Kafka's JSON was expected", null);
        }
        Integer leader = null;
        Integer leaderEpoch = null;
        Integer controllerEpoch = null;
        List<Integer> isr = null;
        boolean recovering = false;
        try (JsonParser p = JSON.getFactory().createParser(data)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new CorruptZnodeException(path, "is not a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                switch (field) {
                    case "leader" -> leader = p.getValueAsInt();
                    case "leader_epoch" -> leaderEpoch = p.getValueAsInt();
                    case "controller_epoch" -> controllerEpoch = p.getValueAsInt();
                    case "leader_recovery_state" -> recovering = p.getValueAsInt() == 1;
                    case "isr" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new CorruptZnodeException(path, "has an \"isr\" that is not a list", null);
                        }
                        isr = new ArrayList<>(4);
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            isr.add(p.getValueAsInt());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new CorruptZnodeException(path, "is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        return new PartitionState(present(path, leader, "leader"), present(path, leaderEpoch, "leader_epoch"),
                present(path, controllerEpoch, "controller_epoch"), present(path, isr, "isr"), recovering);
    }

    private static <T> T present(String path, T value, String field) {
        if (value == null) {
            throw new CorruptZnodeException(path, "has no \"" + field + "\": not what Kafka writes there", null);
        }
        return value;
    }

    /** The JSON object at {@code path}, or a CorruptZnodeException naming it (shared with ConsumerPayloads). */
    static JsonNode tree(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new CorruptZnodeException(path, "is empty where Kafka's JSON was expected", null);
        }
        try {
            JsonNode n = JSON.readTree(data);
            if (n == null || !n.isObject()) {
                throw new CorruptZnodeException(path, "is not a JSON object", null);
            }
            return n;
        } catch (IOException e) {
            throw new CorruptZnodeException(path, "is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    static JsonNode required(String path, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new CorruptZnodeException(path, "has no \"" + field + "\": not what Kafka writes there", null);
        }
        return v;
    }

    static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to memory cannot fail", e);
        }
    }
}
