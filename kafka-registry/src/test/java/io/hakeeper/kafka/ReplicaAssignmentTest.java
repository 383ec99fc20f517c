package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.HakeeperException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplicaAssignmentTest {
    static List<ReplicaAssignment.BrokerRack> brokers(int n) {
        List<ReplicaAssignment.BrokerRack> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ReplicaAssignment.BrokerRack(i, null));
        }
        return out;
    }

    @Test
    void kafkasOwnRackUnawareExample() {
        // AdminTest.testReplicaAssignment: 5 brokers, 10 partitions, RF 3, fixed start index 0
        Map<Integer, List<Integer>> expected = new TreeMap<>(Map.of(0, List.of(0, 1, 2), 1, List.of(1, 2, 3), 2, List.of(2, 3, 4),
                3, List.of(3, 4, 0), 4, List.of(4, 0, 1), 5, List.of(0, 2, 3), 6, List.of(1, 3, 4), 7, List.of(2, 4, 0),
                8, List.of(3, 0, 1), 9, List.of(4, 1, 2)));
        assertEquals(expected, new TreeMap<>(ReplicaAssignment.assign(10, 3, brokers(5), 0, new Random())));
    }

    @Test
    void rackAlternatedListAsInKafkasSource() {
        Map<Integer, String> racks = new TreeMap<>();
        for (int i = 0; i < 9; i++) {
            racks.put(i, "rack" + (i / 3 + 1));
        }
        assertEquals(List.of(0, 3, 6, 1, 4, 7, 2, 5, 8), ReplicaAssignment.rackAlternated(racks));
    }

    @Test
    void rackAwarePlacementPutsEachReplicaOnItsOwnRackAndSpreadsLeaders() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int racks = 2 + random.nextInt(3);
            int n = racks + random.nextInt(8);
            List<ReplicaAssignment.BrokerRack> brokers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                brokers.add(new ReplicaAssignment.BrokerRack(100 + i, "r" + (i % racks)));
            }
            int rf = 1 + random.nextInt(racks);
            int partitions = n * (1 + random.nextInt(4));
            Map<Integer, List<Integer>> a = ReplicaAssignment.assign(partitions, rf, brokers, random);
            Map<Integer, Integer> leaders = new HashMap<>();
            for (List<Integer> replicas : a.values()) {
                assertEquals(rf, new HashSet<>(replicas).size(), "distinct brokers " + replicas);
                assertEquals(rf, replicas.stream().map(r -> (r - 100) % racks).distinct().count(), "one replica per rack " + replicas);
                leaders.merge(replicas.get(0), 1, Integer::sum);
            }
            assertEquals(n, leaders.size(), "every broker leads some partitions");
            assertEquals(1, new HashSet<>(leaders.values()).size(), "leaders spread evenly " + leaders);
        }
    }

    @Test
    void impossibleRequestsGetKafkasMessages() {
        assertEquals("Replication factor: 4 larger than available brokers: 3.",
                assertThrows(HakeeperException.class, () -> ReplicaAssignment.assign(1, 4, brokers(3), new Random())).getMessage());
        assertEquals("Number of partitions must be larger than 0.",
                assertThrows(HakeeperException.class, () -> ReplicaAssignment.assign(0, 1, brokers(3), new Random())).getMessage());
        List<ReplicaAssignment.BrokerRack> mixed = List.of(new ReplicaAssignment.BrokerRack(1, "a"), new ReplicaAssignment.BrokerRack(2, null));
        assertTrue(assertThrows(HakeeperException.class, () -> ReplicaAssignment.assign(1, 1, mixed, new Random())).getMessage()
                .contains("--disable-rack-aware"));
    }

    @Test
    void topicNamesAndIdsFollowKafka() {
        TopicAdmin.validateName("orders.v1_x-y");
        for (String bad : List.of("", ".", "..", "a b", "x".repeat(250), "ü")) {
            assertThrows(HakeeperException.class, () -> TopicAdmin.validateName(bad), bad);
        }
        String id = TopicAdmin.newTopicId();
        assertEquals(22, id.length());
        assertFalse(id.startsWith("-"));
    }
}
