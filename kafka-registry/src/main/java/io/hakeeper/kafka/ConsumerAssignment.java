package io.hakeeper.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ZooKeeper-based consumer's partition assignment (kafka.consumer.RangeAssignor and RoundRobinAssignor,
 * layouts.md §4.5): every member computes the whole assignment from the same inputs, then claims its own share.
 * Thread ids are {@code <consumerId>-<n>} and sort as strings (so {@code -10} sorts before {@code -2}), as Kafka
 * sorts them; partitions sort numerically.
 */
public final class ConsumerAssignment {
    private ConsumerAssignment() {
    }

    /**
     * @param subscriptions consumer id to (topic to number of streams)
     * @param partitions    topic to its partition count
     * @return each partition of a subscribed topic to the thread id that owns it
     */
    public static Map<TopicPartition, String> range(Map<String, Map<String, Integer>> subscriptions, Map<String, Integer> partitions) {
        Map<TopicPartition, String> owners = new LinkedHashMap<>();
        for (String topic : new TreeSet<>(topicsOf(subscriptions))) {
            List<String> threads = threadsFor(subscriptions, topic);
            int count = partitions.getOrDefault(topic, 0);
            if (threads.isEmpty() || count == 0) {
                continue;
            }
            int n = count / threads.size();
            int extra = count % threads.size();
            for (int i = 0; i < threads.size(); i++) {
                int start = n * i + Math.min(i, extra);
                int size = n + (i < extra ? 1 : 0);
                for (int p = start; p < start + size; p++) {
                    owners.put(new TopicPartition(topic, p), threads.get(i));
                }
            }
        }
        return owners;
    }

    /**
     * Round robin over every thread of the group (sorted), partitions of all subscribed topics ordered by the hash of
     * {@code [topic,partition]}; a thread not subscribed to a partition's topic is skipped (Kafka 0.10.2 and later;
     * with identical subscriptions this is the earlier, stricter algorithm too).
     */
    public static Map<TopicPartition, String> roundRobin(Map<String, Map<String, Integer>> subscriptions,
            Map<String, Integer> partitions) {
        TreeSet<String> allThreads = new TreeSet<>();
        Map<String, TreeSet<String>> threadTopics = new TreeMap<>();
        subscriptions.forEach((consumer, topics) -> topics.forEach((topic, streams) -> {
            for (int s = 0; s < streams; s++) {
                String thread = consumer + "-" + s;
                allThreads.add(thread);
                threadTopics.computeIfAbsent(thread, t -> new TreeSet<>()).add(topic);
            }
        }));
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topicsOf(subscriptions)) {
            for (int p = 0; p < partitions.getOrDefault(topic, 0); p++) {
                all.add(new TopicPartition(topic, p));
            }
        }
        all.sort(Comparator.comparingInt(tp -> tp.toString().hashCode()));
        Map<TopicPartition, String> owners = new LinkedHashMap<>();
        List<String> threads = new ArrayList<>(allThreads);
        int next = 0;
        for (TopicPartition tp : all) {
            for (int tried = 0; tried < threads.size(); tried++) {
                String thread = threads.get(next);
                next = (next + 1) % threads.size();
                if (threadTopics.get(thread).contains(tp.topic())) {
                    owners.put(tp, thread);
                    break;
                }
            }
        }
        return owners;
    }

    private static TreeSet<String> topicsOf(Map<String, Map<String, Integer>> subscriptions) {
        TreeSet<String> topics = new TreeSet<>();
        subscriptions.values().forEach(m -> topics.addAll(m.keySet()));
        return topics;
    }

    /** The sorted thread ids of every consumer subscribed to {@code topic}. */
    private static List<String> threadsFor(Map<String, Map<String, Integer>> subscriptions, String topic) {
        TreeSet<String> threads = new TreeSet<>();
        subscriptions.forEach((consumer, topics) -> {
            for (int s = 0; s < topics.getOrDefault(topic, 0); s++) {
                threads.add(consumer + "-" + s);
            }
        });
        return new ArrayList<>(threads);
    }
}
