package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.chaos.CampaignResult;
import io.hakeeper.chaos.FaultKind;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The proof that the chaos lab's checkers can fail: with one safety switched off, a violation is found within 200
 * faults. Each runs the one system the switch weakens (the masters' lease and the ledger's epoch check are the sample
 * masters'; the lease proven by quorum writes is the controllers'; an unfenced zombie is the RMs'), so it is that
 * system's checker that catches it. Where a switch matters only under some faults, only those are thrown (a lease
 * that trusts reads is wrong only while the active's server is cut from its leader; an epoch check is needed only by
 * a master that comes back from a pause with an old epoch), so the proof costs a minute or two, not ten.
 * Needs root and network namespaces: without them these fail, they do not skip.
 */
class ChaosProofsIT {
    @Test
    void mastersThatIgnoreTheirLeaseAreCaughtWithin200Faults() {
        CampaignResult r = ChaosCampaignIT.run(20261203, 200, "ignore-lease", true, Set.of("zkfc"));
        assertTrue(r.overlaps() > 0, "two actives at once: " + r.resultLine());
        assertTrue(r.faults() < 200, "caught before the 200th fault: " + r.resultLine());
    }

    @Test
    void controllersWhoseLeaseTrustsAStaleFollowerAreCaughtWithin200Faults() {
        CampaignResult r = ChaosCampaignIT.run(20261205, 200, "stale-read", true, Set.of("zkfc"),
                EnumSet.of(FaultKind.PARTITION_ACTIVE_WITH_ITS_SERVER, FaultKind.PARTITION_ISOLATE_HOST));
        assertTrue(r.overlaps() > 0, "two actives at once: " + r.resultLine());
        assertTrue(r.faults() < 200, "caught before the 200th fault: " + r.resultLine());
    }

    @Test
    void anRmWhoseWritesAreNotFencedIsCaughtByTheStoreAuditWithin200Faults() {
        // a zombie that goes on writing, unfenced, after it stood down: only the store audit can see it
        CampaignResult r = ChaosCampaignIT.run(20261206, 200, "no-epoch-check", true, Set.of("rm"));
        assertTrue(r.staleStoreWrites() > 0, "a deposed RM's write landed in a later term: " + r.resultLine());
        assertTrue(r.faults() < 200, "caught before the 200th fault: " + r.resultLine());
    }

    @Test
    void aLedgerThatTrustsStaleEpochsIsCaughtWithin200Faults() {
        CampaignResult r = ChaosCampaignIT.run(20261204, 200, "no-epoch-check", true, Set.of("zkfc"),
                EnumSet.of(FaultKind.PAUSE_MASTER, FaultKind.PAUSE_PAIR, FaultKind.PAUSE_CONTROLLER));
        assertTrue(r.violations().stream().anyMatch(v -> v.checker().equals("stale-write")), r.resultLine());
        assertTrue(r.faults() < 200, "caught before the 200th fault: " + r.resultLine());
    }
}
