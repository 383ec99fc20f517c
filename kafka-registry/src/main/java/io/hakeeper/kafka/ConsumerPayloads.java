package io.hakeeper.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The old (0.8–0.10) ZooKeeper consumer's payloads (layouts.md §4.5): a member's registration under
 * {@code /consumers/<group>/ids}, a partition's owner, a committed offset. Decoders accept what Kafka wrote and name
 * the znode when they cannot.
 */
public final class ConsumerPayloads {
    public static final String STATIC = "static";
    public static final String WHITE_LIST = "white_list";
    public static final String BLACK_LIST = "black_list";

    /** Kafka's legal topic names (Topic.legalChars, maxNameLength 249). */
    private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    /** Topic.InternalTopics: wildcard subscriptions leave them out (exclude.internal.topics defaults to true). */
    private static final Set<String> INTERNAL_TOPICS = Set.of("__consumer_offsets");

    private ConsumerPayloads() {
    }

    /**
     * A member's registration. {@code subscription} is topic to number of streams for a static member; for a wildcard
     * member ({@code white_list} or {@code black_list}) its one key is the topic regex.
     */
    public record Registration(Map<String, Integer> subscription, String pattern, long timestamp) {
        public boolean isWildcard() {
            return !STATIC.equals(pattern);
        }

        /**
         * Topic to streams this member consumes. A wildcard member's topics are those of the cluster its filter admits
         * (WildcardTopicCount), so {@code allTopics} is only read for wildcards.
         */
        public Map<String, Integer> topics(Collection<String> allTopics) {
            if (!isWildcard()) {
                return subscription;
            }
            Map.Entry<String, Integer> only = subscription.entrySet().iterator().next();
            Pattern filter = Pattern.compile(filterRegex(only.getKey()));
            boolean white = WHITE_LIST.equals(pattern);
            Map<String, Integer> topics = new TreeMap<>();
            for (String topic : allTopics) {
                if (filter.matcher(topic).matches() == white && !INTERNAL_TOPICS.contains(topic)) {
                    topics.put(topic, only.getValue());
                }
            }
            return topics;
        }
    }

    /**
     * Kafka 0.9's hand-rolled {@code Json.encode}: no spaces, keys in this order, topics sorted (for stable bytes).
     * It escapes nothing, which is safe only because topic names are restricted; others are refused here.
     */
    public static byte[] registration(Map<String, Integer> subscription, long timestamp) {
        StringBuilder sb = new StringBuilder("{\"version\":1,\"subscription\":{");
        String sep = "";
        for (Map.Entry<String, Integer> e : new TreeMap<>(subscription).entrySet()) {
            checkTopic(e.getKey());
            if (e.getValue() == null || e.getValue() < 1) {
                throw new IllegalArgumentException("topic " + e.getKey() + ": the number of streams must be at least 1");
            }
            sb.append(sep).append('"').append(e.getKey()).append("\":").append(e.getValue());
            sep = ",";
        }
        sb.append("},\"pattern\":\"").append(STATIC).append("\",\"timestamp\":\"").append(timestamp).append("\"}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Any key order (Kafka parses a map); version 1 or absent (Kafka never checked it); every pattern Kafka wrote. */
    public static Registration parseRegistration(String path, byte[] data) {
        JsonNode n = KafkaPayloads.tree(path, data);
        if (n.has("version") && n.get("version").asInt(-1) != 1) {
            throw new CorruptZnodeException(path, "is a consumer registration of version " + n.get("version")
                    + "; Kafka only ever wrote version 1", null);
        }
        String pattern = KafkaPayloads.required(path, n, "pattern").asText();
        if (!Set.of(STATIC, WHITE_LIST, BLACK_LIST).contains(pattern)) {
            throw new CorruptZnodeException(path, "has pattern \"" + pattern + "\" (Kafka writes static, white_list or black_list)", null);
        }
        JsonNode sub = KafkaPayloads.required(path, n, "subscription");
        if (!sub.isObject()) {
            throw new CorruptZnodeException(path, "has a subscription that is not a JSON object", null);
        }
        Map<String, Integer> subscription = new LinkedHashMap<>();
        sub.fields().forEachRemaining(e -> {
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 1) {
                throw new CorruptZnodeException(path, "subscribes to " + e.getKey() + " with " + e.getValue()
                        + " streams; a positive number was expected", null);
            }
            subscription.put(e.getKey(), e.getValue().asInt());
        });
        if (!STATIC.equals(pattern)) {
            if (subscription.size() != 1) {
                throw new CorruptZnodeException(path, "is a " + pattern + " registration with " + subscription.size()
                        + " filters; Kafka writes exactly one", null);
            }
            try {
                Pattern.compile(filterRegex(subscription.keySet().iterator().next()));
            } catch (PatternSyntaxException e) {
                throw new CorruptZnodeException(path, "has a topic filter that is not a regular expression: " + e.getDescription(), e);
            }
        }
        return new Registration(Collections.unmodifiableMap(subscription), pattern, n.path("timestamp").asLong(-1));
    }

    /** An owner znode's data: the owning thread id, {@code <consumerId>-<n>}. */
    public static byte[] owner(String threadId) {
        return threadId.getBytes(StandardCharsets.UTF_8);
    }

    public static String parseOwner(String path, byte[] data) {
        if (data == null || data.length == 0) {
            throw new CorruptZnodeException(path, "is an owner znode without a thread id", null);
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    /** A committed offset: the decimal string (as ZkData's ConsumerOffset still writes it). */
    public static byte[] offset(long offset) {
        return Long.toString(offset).getBytes(StandardCharsets.US_ASCII);
    }

    public static long parseOffset(String path, byte[] data) {
        try {
            return Long.parseLong(new String(data, StandardCharsets.US_ASCII).trim());
        } catch (RuntimeException e) {
            throw new CorruptZnodeException(path, "is not a decimal offset", e);
        }
    }

    /** Refuses names Kafka would refuse (and that the unescaped JSON above could not carry). */
    public static void checkTopic(String topic) {
        if (topic == null || !LEGAL_TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException("not a legal Kafka topic name: '" + topic + "' (1 to 249 of [a-zA-Z0-9._-])");
        }
    }

    /** TopicFilter's clean-up of a raw filter: commas mean alternatives, spaces and surrounding quotes are dropped. */
    private static String filterRegex(String raw) {
        return raw.trim().replace(',', '|').replace(" ", "").replaceAll("^[\"']+", "").replaceAll("[\"']+$", "");
    }
}
