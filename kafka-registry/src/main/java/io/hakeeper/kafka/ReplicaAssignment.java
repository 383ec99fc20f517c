package io.hakeeper.kafka;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kafka's replica placement for a new topic (AdminUtils.assignReplicasToBrokers): partition leaders spread round the
 * brokers from a start index, followers at a shift that moves by one every full round, so leaders and followers
 * both spread evenly; with racks, the brokers are first interleaved rack by rack, and a follower skips a broker
 * whose rack (or the broker itself) already holds a replica while some rack (or broker) holds none. The start index
 * and shift are random per topic, as in Kafka, unless fixed.
 */
public final class ReplicaAssignment {
    private ReplicaAssignment() {
    }

    /** A broker and its rack ({@code null}: none). */
    public record BrokerRack(int id, String rack) {
    }

    /** With Kafka's random start index and shift. */
    public static Map<Integer, List<Integer>> assign(int partitions, int replicationFactor, List<BrokerRack> brokers, Random random) {
        return assign(partitions, replicationFactor, brokers, -1, random);
    }

    /**
     * @param fixedStartIndex at 0 or above, both the start index and the first shift (Kafka's fixedStartIndex)
     * @return partition to replicas, leader first
     * @throws HakeeperException (CONFIG) with Kafka's own messages for impossible requests
     */
    public static Map<Integer, List<Integer>> assign(int partitions, int replicationFactor, List<BrokerRack> brokers,
            int fixedStartIndex, Random random) {
        if (partitions <= 0) {
            throw HakeeperException.config("Number of partitions must be larger than 0.");
        }
        if (replicationFactor <= 0) {
            throw HakeeperException.config("Replication factor must be larger than 0.");
        }
        if (replicationFactor > brokers.size()) {
            throw new HakeeperException(ExitCode.CONFIG, "Replication factor: " + replicationFactor
                    + " larger than available brokers: " + brokers.size() + ".");
        }
        List<BrokerRack> sorted = brokers.stream().sorted((a, b) -> Integer.compare(a.id(), b.id())).toList();
        long withRack = sorted.stream().filter(b -> b.rack() != null).count();
        if (withRack > 0 && withRack < sorted.size()) {
            throw HakeeperException.config("Not all brokers have rack information. Add --disable-rack-aware in command"
                    + " line to make replica assignment without rack information.");
        }
        int n = sorted.size();
        int startIndex = fixedStartIndex >= 0 ? fixedStartIndex : random.nextInt(n);
        int shift = fixedStartIndex >= 0 ? fixedStartIndex : random.nextInt(n);
        return withRack == 0 ? rackUnaware(partitions, replicationFactor, sorted.stream().map(BrokerRack::id).toList(), startIndex, shift)
                : rackAware(partitions, replicationFactor, sorted, startIndex, shift);
    }

    private static Map<Integer, List<Integer>> rackUnaware(int partitions, int rf, List<Integer> brokers, int startIndex, int shift) {
        int n = brokers.size();
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int first = (p + startIndex) % n;
            List<Integer> replicas = new ArrayList<>(rf);
            replicas.add(brokers.get(first));
            for (int j = 0; j < rf - 1; j++) {
                replicas.add(brokers.get(replicaIndex(first, shift, j, n)));
            }
            out.put(p, List.copyOf(replicas));
        }
        return out;
    }

    private static Map<Integer, List<Integer>> rackAware(int partitions, int rf, List<BrokerRack> brokers, int startIndex, int shift) {
        Map<Integer, String> rackOf = new TreeMap<>();
        brokers.forEach(b -> rackOf.put(b.id(), b.rack()));
        List<Integer> arranged = rackAlternated(rackOf);
        int numRacks = new HashSet<>(rackOf.values()).size();
        int n = arranged.size();
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            if (p > 0 && p % n == 0) {
                shift++;
            }
            int first = (p + startIndex) % n;
            int leader = arranged.get(first);
            List<Integer> replicas = new ArrayList<>(rf);
            replicas.add(leader);
            Set<String> racksWithReplicas = new HashSet<>(Set.of(rackOf.get(leader)));
            Set<Integer> brokersWithReplicas = new HashSet<>(Set.of(leader));
            int k = 0;
            for (int j = 0; j < rf - 1; j++) {
                while (true) {
                    int broker = arranged.get(replicaIndex(first, shift * numRacks, k++, n));
                    String rack = rackOf.get(broker);
                    if ((!racksWithReplicas.contains(rack) || racksWithReplicas.size() == numRacks)
                            && (!brokersWithReplicas.contains(broker) || brokersWithReplicas.size() == n)) {
                        replicas.add(broker);
                        racksWithReplicas.add(rack);
                        brokersWithReplicas.add(broker);
                        break;
                    }
                }
            }
            out.put(p, List.copyOf(replicas));
        }
        return out;
    }

    private static int replicaIndex(int first, int secondShift, int index, int n) {
        int shift = 1 + (secondShift + index) % (n - 1);
        return (first + shift) % n;
    }

    /** Brokers interleaved by rack: racks in name order, each rack's brokers in id order (rack1:0,1 rack2:3 -> 0,3,1). */
    static List<Integer> rackAlternated(Map<Integer, String> rackOf) {
        Map<String, List<Integer>> byRack = new TreeMap<>();
        rackOf.forEach((id, rack) -> byRack.computeIfAbsent(rack, r -> new ArrayList<>()).add(id));
        List<Iterator<Integer>> iterators = byRack.values().stream().map(l -> l.stream().sorted().iterator()).toList();
        List<Integer> out = new ArrayList<>(rackOf.size());
        for (int i = 0; out.size() < rackOf.size(); i = (i + 1) % iterators.size()) {
            if (iterators.get(i).hasNext()) {
                out.add(iterators.get(i).next());
            }
        }
        return out;
    }
}
