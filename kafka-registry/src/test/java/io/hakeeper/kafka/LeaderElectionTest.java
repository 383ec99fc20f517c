package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kafka's leader election rules (layouts.md §4.4), case by case. */
class LeaderElectionTest {
    @Test
    void newPartitionTakesTheFirstLiveReplicaAndEveryLiveOneInTheIsr() {
        assertEquals(Optional.of(new LeaderElection.Outcome(2, List.of(2, 3), false)),
                LeaderElection.newPartition(List.of(1, 2, 3), Set.of(2, 3)));
        assertEquals(Optional.empty(), LeaderElection.newPartition(List.of(1, 2), Set.of(3)));
    }

    @Test
    void offlinePartitionTakesTheFirstLiveIsrReplicaInAssignmentOrderAndShrinksTheIsr() {
        // broker 1 (leader) died: 3 comes before 2 in the assignment, both in the ISR
        assertEquals(Optional.of(new LeaderElection.Outcome(3, List.of(2, 3), false)),
                LeaderElection.offline(List.of(1, 3, 2), List.of(1, 2, 3), Set.of(2, 3), false));
        // a live replica outside the ISR does not lead, unless unclean election is on
        assertEquals(Optional.empty(), LeaderElection.offline(List.of(1, 2, 3), List.of(1), Set.of(2, 3), false));
        assertEquals(Optional.of(new LeaderElection.Outcome(2, List.of(2), true)),
                LeaderElection.offline(List.of(1, 2, 3), List.of(1), Set.of(2, 3), true));
        assertEquals(Optional.empty(), LeaderElection.offline(List.of(1, 2), List.of(1, 2), Set.of(), true));
    }

    @Test
    void reassignmentPreferredAndControlledShutdown() {
        assertEquals(Optional.of(new LeaderElection.Outcome(4, List.of(1, 4), false)),
                LeaderElection.reassign(List.of(5, 4), List.of(1, 4), Set.of(1, 4, 5)), "5 is not in the ISR");
        assertEquals(Optional.of(new LeaderElection.Outcome(1, List.of(2, 1), false)),
                LeaderElection.preferred(List.of(1, 2), List.of(2, 1), Set.of(1, 2)));
        assertEquals(Optional.empty(), LeaderElection.preferred(List.of(1, 2), List.of(2), Set.of(1, 2)),
                "the head is not in the ISR: no preferred election");
        assertEquals(Optional.of(new LeaderElection.Outcome(2, List.of(2, 3), false)),
                LeaderElection.controlledShutdown(List.of(1, 2, 3), List.of(1, 2, 3), Set.of(1, 2, 3), Set.of(1)));
        assertEquals(Optional.empty(),
                LeaderElection.controlledShutdown(List.of(1, 2), List.of(1), Set.of(1, 2), Set.of(1)),
                "nobody else in the ISR: leadership cannot move away");
    }
}
