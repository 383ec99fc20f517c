package io.hakeeper.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Kafka's partition-leader election algorithms (PartitionLeaderElectionAlgorithms and Election.scala, layouts.md
 * §4.4), as pure functions of the assignment, the ISR and the live brokers. The controller applies the result with
 * leader_epoch + 1, behind its epoch check and the state znode's version.
 */
public final class LeaderElection {
    private LeaderElection() {
    }

    /** A leader and the ISR to write with it; {@code recovering} when the leader came from outside the ISR. */
    public record Outcome(int leader, List<Integer> isr, boolean recovering) {
    }

    /** A new partition: the first live replica in assignment order leads; every live replica is in the ISR. */
    public static Optional<Outcome> newPartition(List<Integer> assignment, Set<Integer> live) {
        List<Integer> liveReplicas = assignment.stream().filter(live::contains).toList();
        return liveReplicas.isEmpty() ? Optional.empty() : Optional.of(new Outcome(liveReplicas.get(0), liveReplicas, false));
    }

    /**
     * An offline partition (its leader died): the first replica in assignment order that is live and in the ISR; if
     * none and unclean election is enabled, the first live replica (which then leads a one-member ISR, recovering).
     * Empty: the partition stays offline (leader -1).
     */
    public static Optional<Outcome> offline(List<Integer> assignment, List<Integer> isr, Set<Integer> live, boolean unclean) {
        for (int r : assignment) {
            if (live.contains(r) && isr.contains(r)) {
                return Optional.of(new Outcome(r, isr.stream().filter(live::contains).toList(), false));
            }
        }
        if (unclean) {
            for (int r : assignment) {
                if (live.contains(r)) {
                    return Optional.of(new Outcome(r, List.of(r), true));
                }
            }
        }
        return Optional.empty();
    }

    /** A reassignment: the first replica of the target list that is live and in the ISR; the ISR is unchanged. */
    public static Optional<Outcome> reassign(List<Integer> target, List<Integer> isr, Set<Integer> live) {
        return target.stream().filter(r -> live.contains(r) && isr.contains(r)).findFirst()
                .map(r -> new Outcome(r, isr, false));
    }

    /** Preferred replica: only the head of the assignment, if it is live and in the ISR; the ISR is unchanged. */
    public static Optional<Outcome> preferred(List<Integer> assignment, List<Integer> isr, Set<Integer> live) {
        if (assignment.isEmpty()) {
            return Optional.empty();
        }
        int head = assignment.get(0);
        return live.contains(head) && isr.contains(head) ? Optional.of(new Outcome(head, isr, false)) : Optional.empty();
    }

    /**
     * Controlled shutdown: the first replica in assignment order that is live, in the ISR and not shutting down; the
     * new ISR is the old one without the brokers shutting down.
     */
    public static Optional<Outcome> controlledShutdown(List<Integer> assignment, List<Integer> isr, Set<Integer> live,
            Set<Integer> shuttingDown) {
        List<Integer> newIsr = new ArrayList<>(isr);
        newIsr.removeAll(shuttingDown);
        return assignment.stream().filter(r -> live.contains(r) && isr.contains(r) && !shuttingDown.contains(r)).findFirst()
                .map(r -> new Outcome(r, List.copyOf(newIsr), false));
    }
}
