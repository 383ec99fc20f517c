package io.hakeeper.chaos;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A partition of the whole lab as the pairs of hosts that cannot reach each other: majority/minority (the
 * ZooKeeper members split so one side keeps a majority, each master host thrown to a side), a ring (each host hears
 * only its two neighbours) or a bridge (two halves that only one host joins).
 */
final class Partition {
    private final String description;
    private final Set<String> blocked = new HashSet<>(); // "a|b" with a < b

    private Partition(String description) {
        this.description = description;
    }

    static Partition of(FaultKind.Shape shape, List<String> hosts, List<String> zk, Random rnd) {
        List<String> order = new ArrayList<>(hosts);
        Collections.shuffle(order, rnd);
        return switch (shape) {
            case MAJORITY_MINORITY -> {
                List<String> members = new ArrayList<>(zk);
                Collections.shuffle(members, rnd);
                Set<String> minority = new HashSet<>(members.subList(0, (members.size() - 1) / 2));
                for (String h : hosts) {
                    if (!zk.contains(h) && rnd.nextBoolean()) {
                        minority.add(h);
                    }
                }
                Partition p = new Partition("majority-minority " + sorted(minority) + " | rest");
                for (String a : hosts) {
                    for (String b : hosts) {
                        if (minority.contains(a) && !minority.contains(b)) {
                            p.block(a, b);
                        }
                    }
                }
                yield p;
            }
            case RING -> {
                Partition p = new Partition("ring " + String.join("-", order));
                int n = order.size();
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        boolean neighbours = j == i + 1 || (i == 0 && j == n - 1);
                        if (!neighbours) {
                            p.block(order.get(i), order.get(j));
                        }
                    }
                }
                yield p;
            }
            case BRIDGE -> {
                String bridge = order.get(0);
                List<String> rest = order.subList(1, order.size());
                List<String> left = rest.subList(0, rest.size() / 2);
                List<String> right = rest.subList(rest.size() / 2, rest.size());
                Partition p = new Partition("bridge " + sorted(left) + " <" + bridge + "> " + sorted(right));
                for (String a : left) {
                    for (String b : right) {
                        p.block(a, b);
                    }
                }
                yield p;
            }
            default -> throw new IllegalArgumentException(shape + " is not a whole-lab shape");
        };
    }

    private static String sorted(java.util.Collection<String> hosts) {
        return String.join(",", new java.util.TreeSet<>(hosts));
    }

    private void block(String a, String b) {
        blocked.add(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a);
    }

    /** {@code side} cut from every other host. */
    static Partition isolating(java.util.Collection<String> side, List<String> hosts, String label) {
        Partition p = new Partition(label + " " + sorted(side) + " | rest");
        for (String a : side) {
            for (String b : hosts) {
                if (!side.contains(b)) {
                    p.block(a, b);
                }
            }
        }
        return p;
    }

    boolean connected(String a, String b) {
        return a.equals(b) || !blocked.contains(a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a);
    }

    List<String[]> blockedPairs() {
        return blocked.stream().sorted().map(s -> s.split("\\|")).toList();
    }

    /**
     * Whether some ZooKeeper member reaches a majority of the ensemble (itself included) and some master host reaches
     * one of them: the condition for any master to be active while the partition lasts.
     */
    boolean majorityWithMaster(List<String> zk, List<String> masterHosts) {
        for (String leader : zk) {
            List<String> quorum = zk.stream().filter(m -> connected(leader, m)).toList();
            if (quorum.size() * 2 > zk.size()) {
                for (String m : masterHosts) {
                    if (quorum.stream().anyMatch(q -> connected(m, q))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    String describe() {
        return description;
    }
}
