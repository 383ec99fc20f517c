package io.hakeeper.kafka;

import io.hakeeper.kafka.ControllerContext.Versioned;
import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import io.hakeeper.kafka.PartitionStateWriter.Change;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the controller writes for one partition in each situation, from its context and Kafka's election rules
 * ({@link LeaderElection}). Every change raises leader_epoch by one (Kafka's newLeaderAndIsr) and carries the
 * controller's epoch; no change is proposed when nothing would differ.
 */
final class StateDecisions {
    private StateDecisions() {
    }

    /**
     * After brokers came or went: a partition whose leader is gone (or that has none) gets one by the offline rule;
     * one whose ISR names a gone broker loses it. With no live ISR replica (and unclean election off) the partition
     * goes offline: leader -1, and its ISR keeps the last replica standing, as Kafka's does, so that replica can lead
     * again when it returns.
     */
    static Optional<Change> afterBrokerChange(TopicPartition tp, ControllerContext ctx, int controllerEpoch, boolean unclean) {
        Versioned v = ctx.state(tp);
        if (v == null) {
            return Optional.empty();
        }
        PartitionState s = v.state();
        Set<Integer> live = ctx.live();
        List<Integer> liveIsr = s.isr().stream().filter(live::contains).toList();
        if (live.contains(s.leader())) {
            return liveIsr.size() == s.isr().size() ? Optional.empty()
                    : Optional.of(update(tp, v, s.leader(), liveIsr, s.recovering(), controllerEpoch));
        }
        Optional<LeaderElection.Outcome> elected = LeaderElection.offline(ctx.replicas(tp), s.isr(), live, unclean);
        if (elected.isPresent()) {
            return Optional.of(update(tp, v, elected.get().leader(), elected.get().isr(), elected.get().recovering(), controllerEpoch));
        }
        List<Integer> keptIsr = !liveIsr.isEmpty() || s.isr().isEmpty() ? liveIsr : List.of(s.isr().get(s.isr().size() - 1));
        if (s.leader() == -1 && keptIsr.equals(s.isr())) {
            return Optional.empty(); // offline already, and still no one to lead
        }
        return Optional.of(update(tp, v, -1, keptIsr, s.recovering(), controllerEpoch));
    }

    /** A partition with no state yet: its first live replica leads, every live replica is in the ISR. */
    static Optional<Change> newPartition(TopicPartition tp, ControllerContext ctx, int controllerEpoch, List<String> parents) {
        return LeaderElection.newPartition(ctx.replicas(tp), ctx.live()).map(o -> new Change(tp,
                new PartitionState(o.leader(), 0, controllerEpoch, o.isr(), false), -1, parents));
    }

    /**
     * A broker shutting down: partitions it leads move to the first other live ISR replica, and it leaves every ISR
     * (unless it is the last member, which Kafka keeps). A partition with no one else to lead stays with it.
     */
    static Optional<Change> controlledShutdown(TopicPartition tp, ControllerContext ctx, int controllerEpoch) {
        Versioned v = ctx.state(tp);
        if (v == null) {
            return Optional.empty();
        }
        PartitionState s = v.state();
        Set<Integer> down = ctx.shuttingDown();
        if (down.contains(s.leader())) {
            return LeaderElection.controlledShutdown(ctx.replicas(tp), s.isr(), ctx.registered(), down)
                    .map(o -> update(tp, v, o.leader(), o.isr(), s.recovering(), controllerEpoch));
        }
        List<Integer> isr = s.isr().stream().filter(r -> !down.contains(r)).toList();
        if (isr.size() == s.isr().size() || isr.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(update(tp, v, s.leader(), isr, s.recovering(), controllerEpoch));
    }

    /** Preferred replica: the head of the assignment leads again, if live and in the ISR and not leading already. */
    static Optional<Change> preferred(TopicPartition tp, ControllerContext ctx, int controllerEpoch) {
        Versioned v = ctx.state(tp);
        List<Integer> replicas = ctx.replicas(tp);
        if (v == null || replicas.isEmpty() || v.state().leader() == replicas.get(0)) {
            return Optional.empty();
        }
        return LeaderElection.preferred(replicas, v.state().isr(), ctx.live())
                .map(o -> update(tp, v, o.leader(), o.isr(), v.state().recovering(), controllerEpoch));
    }

    /**
     * A reassignment whose target replicas have all joined the ISR: the leader stays if it is a live target,
     * else the first live target in the ISR leads; replicas leaving drop out of the ISR. Empty when no target can
     * lead yet.
     */
    static Optional<Change> completeReassignment(TopicPartition tp, ControllerContext ctx, List<Integer> target, int controllerEpoch) {
        Versioned v = ctx.state(tp);
        if (v == null) {
            return Optional.empty();
        }
        PartitionState s = v.state();
        Set<Integer> live = ctx.live();
        List<Integer> isr = s.isr().stream().filter(target::contains).toList();
        if (target.contains(s.leader()) && live.contains(s.leader())) {
            return Optional.of(update(tp, v, s.leader(), isr, s.recovering(), controllerEpoch));
        }
        return LeaderElection.reassign(target, s.isr(), live).map(o -> update(tp, v, o.leader(), isr, s.recovering(), controllerEpoch));
    }

    static Change update(TopicPartition tp, Versioned v, int leader, List<Integer> isr, boolean recovering, int controllerEpoch) {
        return Change.update(tp, new PartitionState(leader, v.state().leaderEpoch() + 1, controllerEpoch, List.copyOf(isr), recovering),
                v.version());
    }
}
