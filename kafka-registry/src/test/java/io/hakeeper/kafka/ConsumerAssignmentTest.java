package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Range and RoundRobin: Kafka's documented example, then randomized properties. */
class ConsumerAssignmentTest {
    @Test
    void rangeMatchesTheExampleInKafkasSource() {
        // 5 partitions, threads C1-0, C1-1, C2-0, C2-1: p0,p1 -> C1-0; p2 -> C1-1; p3 -> C2-0; p4 -> C2-1
        Map<TopicPartition, String> a = ConsumerAssignment.range(Map.of("C1", Map.of("t", 2), "C2", Map.of("t", 2)), Map.of("t", 5));
        assertEquals(Map.of(new TopicPartition("t", 0), "C1-0", new TopicPartition("t", 1), "C1-0",
                new TopicPartition("t", 2), "C1-1", new TopicPartition("t", 3), "C2-0", new TopicPartition("t", 4), "C2-1"), a);
    }

    @Test
    void threadIdsSortAsStringsAsKafkaSortsThem() {
        // c-10 sorts before c-2: with 11 streams and 11 partitions, c-0 gets p0, c-1 p1, c-10 p2, c-2 p3
        Map<TopicPartition, String> a = ConsumerAssignment.range(Map.of("c", Map.of("t", 11)), Map.of("t", 11));
        assertEquals("c-10", a.get(new TopicPartition("t", 2)));
        assertEquals("c-2", a.get(new TopicPartition("t", 3)));
    }

    @Test
    void roundRobinOrdersPartitionsByTheHashOfTheirName() {
        Map<TopicPartition, String> a = ConsumerAssignment.roundRobin(Map.of("a", Map.of("t", 1), "b", Map.of("t", 1)), Map.of("t", 4));
        List<TopicPartition> byHash = a.keySet().stream()
                .sorted(java.util.Comparator.comparingInt(tp -> tp.toString().hashCode())).toList();
        for (int i = 0; i < byHash.size(); i++) {
            assertEquals(i % 2 == 0 ? "a-0" : "b-0", a.get(byHash.get(i)), "thread of the " + i + "th partition by hash");
        }
    }

    @Test
    void randomizedEveryPartitionHasExactlyOneOwnerAndSharesDifferByAtMostOne() {
        Random random = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            int consumers = 1 + random.nextInt(6);
            int topics = 1 + random.nextInt(4);
            Map<String, Integer> partitions = new LinkedHashMap<>();
            for (int t = 0; t < topics; t++) {
                partitions.put("topic" + t, 1 + random.nextInt(20));
            }
            Map<String, Map<String, Integer>> same = new LinkedHashMap<>(); // identical subscriptions, as RoundRobin wants
            int streams = 1 + random.nextInt(3);
            for (int c = 0; c < consumers; c++) {
                Map<String, Integer> sub = new HashMap<>();
                partitions.keySet().forEach(t -> sub.put(t, streams));
                same.put("group_c" + c, sub);
            }
            int total = partitions.values().stream().mapToInt(Integer::intValue).sum();
            Map<TopicPartition, String> rr = ConsumerAssignment.roundRobin(same, partitions);
            assertEquals(total, rr.size(), "every partition owned, trial " + trial);
            assertAtMostOneApart(rr.values().stream().toList(), consumers * streams, "round robin, trial " + trial);

            Map<TopicPartition, String> range = ConsumerAssignment.range(same, partitions);
            assertEquals(total, range.size(), "every partition owned by range, trial " + trial);
            for (String topic : partitions.keySet()) { // Range promises evenness per topic
                assertAtMostOneApart(range.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                        .map(Map.Entry::getValue).toList(), consumers * streams, "range " + topic + ", trial " + trial);
            }
        }
    }

    private static void assertAtMostOneApart(List<String> owners, int threads, String what) {
        Map<String, Integer> counts = new HashMap<>();
        owners.forEach(o -> counts.merge(o, 1, Integer::sum));
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = counts.size() < threads ? 0 : counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        assertTrue(max - min <= 1, what + ": shares " + counts + " over " + threads + " threads");
    }
}
