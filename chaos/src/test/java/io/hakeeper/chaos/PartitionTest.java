package io.hakeeper.chaos;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartitionTest {
    private static final List<String> ZK = List.of("zk1", "zk2", "zk3");
    private static final List<String> HOSTS = List.of("zk1", "zk2", "zk3", "m1", "m2");

    @Test
    void aRingLetsEachHostHearOnlyItsTwoNeighbours() {
        Partition ring = Partition.of(FaultKind.Shape.RING, HOSTS, ZK, new Random(1));
        assertEquals(5, ring.blockedPairs().size(), "5 hosts: 10 pairs, 5 of them neighbours");
        for (String h : HOSTS) {
            long heard = HOSTS.stream().filter(o -> !o.equals(h) && ring.connected(h, o)).count();
            assertEquals(2, heard, h + " hears its two neighbours");
        }
    }

    @Test
    void majorityMinorityKeepsAMajorityOfZooKeeperOnOneSide() {
        for (int seed = 0; seed < 50; seed++) {
            Partition p = Partition.of(FaultKind.Shape.MAJORITY_MINORITY, HOSTS, ZK, new Random(seed));
            long together = ZK.stream().filter(a -> ZK.stream().filter(b -> p.connected(a, b)).count() >= 2).count();
            assertTrue(together >= 2, p.describe());
        }
    }

    @Test
    void aBridgeJoinsTwoHalvesThatCannotHearEachOther() {
        Partition p = Partition.of(FaultKind.Shape.BRIDGE, HOSTS, ZK, new Random(3));
        assertEquals(4, p.blockedPairs().size(), "halves of 2 and 2: 4 pairs cut; " + p.describe());
    }

    /** Three members among five hosts in a ring: two members are always neighbours, and one of them neighbours a master. */
    @Test
    void aRingOfFiveAlwaysLeavesAMajorityWithAMaster() {
        for (int seed = 0; seed < 200; seed++) {
            Partition q = Partition.of(FaultKind.Shape.RING, HOSTS, ZK, new Random(seed));
            assertTrue(q.majorityWithMaster(ZK, List.of("m1", "m2")), q.describe());
        }
    }

    @Test
    void majorityMinorityDisablesTheGroupExactlyWhenBothMastersAreInTheMinority() {
        boolean disabling = false;
        boolean fine = false;
        for (int seed = 0; seed < 200; seed++) {
            Partition p = Partition.of(FaultKind.Shape.MAJORITY_MINORITY, HOSTS, ZK, new Random(seed));
            boolean ok = p.majorityWithMaster(ZK, List.of("m1", "m2"));
            // the minority's one member cannot hear the other two
            String lone = ZK.stream().filter(z -> ZK.stream().filter(o -> p.connected(z, o)).count() == 1).findFirst().orElseThrow();
            boolean bothMastersWithTheLoneMember = p.connected("m1", lone) && p.connected("m2", lone);
            assertEquals(!bothMastersWithTheLoneMember, ok, p.describe());
            disabling |= !ok;
            fine |= ok;
        }
        assertTrue(disabling && fine, "both come up in 200 seeds");
    }
}
