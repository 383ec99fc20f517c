package io.hakeeper.chaos;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.fencing.EpochLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void theFencedLedgerRefusesAStaleWriteAndTheEvidenceCountsIt() {
        EpochLedger ledger = EpochLedger.atFile(dir.resolve("ledger"));
        ledger.acquired("nn1", 5);
        assertTrue(ledger.tryWrite("nn1", 5, "w", true));
        ledger.acquired("nn2", 7);
        assertFalse(ledger.tryWrite("nn1", 5, "late", true), "epoch 5 after 7 is refused");
        assertTrue(ledger.tryWrite("nn2", 7, "w", true));
        LedgerEvidence e = new LedgerEvidence("g", dir.resolve("ledger"), true);
        e.catchUp();
        assertEquals(1, e.refused());
        assertEquals(2, e.accepted());
        assertEquals(0, e.staleAccepted());
        assertTrue(e.violations().isEmpty(), e.violations().toString());
    }

    @Test
    void aLedgerThatAcceptsAStaleEpochIsCaught() {
        EpochLedger ledger = EpochLedger.atFile(dir.resolve("ledger"));
        ledger.acquired("nn1", 5);
        ledger.acquired("nn2", 7);
        assertTrue(ledger.tryWrite("nn1", 5, "late", false), "the lab's no-epoch-check switch");
        LedgerEvidence e = new LedgerEvidence("g", dir.resolve("ledger"), true);
        e.catchUp();
        assertEquals(1, e.staleAccepted());
        assertEquals("stale-write", e.violations().get(0).checker());
    }

    @Test
    void anEarlierRunsHighWaterMarkDoesNotFenceAFreshLedger() throws Exception {
        Files.writeString(dir.resolve("ledger.epoch"), "99");
        EpochLedger ledger = EpochLedger.atFile(dir.resolve("ledger"));
        ledger.acquired("nn1", 5);
        assertTrue(ledger.tryWrite("nn1", 5, "w", true));
    }

    @Test
    void intervalsEndAtTheReleaseStampOrTheKillAndEpochsMustIncrease() {
        LedgerEvidence e = new LedgerEvidence("g", dir.resolve("none"), true);
        e.feed("100 ACQUIRE nn1 5 -");
        e.feed("200 WRITE nn1 5 work");
        e.feed("400 RELEASE nn1 5 lease");
        e.feed("300 ACQUIRE nn2 7 -");
        e.feed("500 KILLED nn2 -1 kill-9");
        e.feed("600 ACQUIRE nn1 6 -");
        var intervals = e.intervals(1000);
        assertEquals(3, intervals.size());
        assertEquals(400, intervals.get(0).endNanos());
        assertEquals("killed", intervals.get(1).endReason());
        assertEquals("run-end", intervals.get(2).endReason());
        assertEquals(1, e.violations().size(), "epoch 6 after 7");
        assertEquals("epochs", e.violations().get(0).checker());
        assertEquals(1, Checks.overlaps(intervals).size(), "nn1 until 400 and nn2 from 300");
    }
}
