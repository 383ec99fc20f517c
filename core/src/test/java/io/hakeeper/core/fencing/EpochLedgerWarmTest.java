package io.hakeeper.core.fencing;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's warm-up runs a record's path and records nothing: no line, no high-water change, no file left over. */
class EpochLedgerWarmTest {
    @TempDir
    Path dir;

    @Test
    void warmingAFreshLedgerRecordsNothingAndLeavesNoScratchFile() throws Exception {
        Path file = dir.resolve("ledger");
        EpochLedger ledger = EpochLedger.atFile(file);
        ledger.warm();
        assertEquals(List.of(), ledger.records());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.sorted().toList(), "only the (empty) ledger itself");
        }
        ledger.acquired("nn1", 5);
        assertEquals(1, ledger.records().size());
    }

    @Test
    void warmingKeepsTheHighWaterEpochThatFencesStaleWrites() {
        EpochLedger ledger = EpochLedger.atFile(dir.resolve("ledger"));
        ledger.acquired("nn2", 7);
        ledger.warm();
        assertFalse(ledger.tryWrite("nn1", 6, "stale", true), "epoch 6 is below the high-water 7 after a warm-up too");
        assertTrue(ledger.tryWrite("nn2", 7, "current", true));
        assertEquals(3, ledger.records().size(), ledger.records().toString()); // ACQUIRE, REFUSED, WRITE
    }
}
