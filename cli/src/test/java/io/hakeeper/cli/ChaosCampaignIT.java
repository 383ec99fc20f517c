package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.chaos.Campaign;
import io.hakeeper.chaos.CampaignOptions;
import io.hakeeper.chaos.CampaignResult;
import io.hakeeper.chaos.FaultKind;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/**
 * The short campaign: real faults of every kind and every partition shape across network namespaces, against two
 * masters with their controllers and two ResourceManagers with their store, on a three-member ensemble; every checker
 * must hold, the RM store's audit too (no acknowledged application lost, none written by a deposed RM). Then the proof that the checkers
 * can fail: with one safety switched off (the master's lease, the ledger's epoch check, the controller's lease proven
 * by quorum writes rather than reads), a violation is found within 200 faults. Needs root and network namespaces: without them these tests fail, they do not skip.
 */
class ChaosCampaignIT {
    private static final long T = 2000;

    /** Under target/, not a temporary folder: a failed campaign's logs, report and timeline say what happened. */
    private final Path dir = Path.of("target", "chaos-campaigns");

    private CampaignResult run(long seed, int faults, String unsafe, boolean stopAtFirst) {
        return run(seed, faults, unsafe, stopAtFirst, CampaignOptions.SYSTEMS);
    }

    private CampaignResult run(long seed, int faults, String unsafe, boolean stopAtFirst, java.util.Set<String> systems) {
        CampaignOptions options = new CampaignOptions(seed, faults, T, 2, dir.resolve(unsafe + "-" + seed), unsafe,
                stopAtFirst, EnumSet.allOf(FaultKind.class), systems);
        PrintWriter out = new PrintWriter(System.out, true);
        try (Campaign campaign = new Campaign(options)) {
            CampaignResult result = campaign.run(out);
            result.summary().forEach(out::println);
            return result;
        }
    }

    @Test
    void aShortCampaignOfEveryKindHoldsEveryBound() throws Exception {
        CampaignResult r = run(20261202, 150, "none", false);
        assertEquals(150, r.faults());
        assertEquals(EnumSet.allOf(FaultKind.class).stream().map(FaultKind::reportName).collect(java.util.stream.Collectors
                .toCollection(java.util.TreeSet::new)), r.kindNames(), "every kind and shape was thrown");
        assertEquals(FaultKind.Shape.values().length, r.shapes(), "every partition shape was thrown");
        assertTrue(r.acceptedWrites() > 1000, "the actives worked: " + r.acceptedWrites() + " writes");
        assertTrue(r.staleRefused() >= r.faults() / 100, "fencing was exercised: " + r.staleRefused() + " stale writes refused");
        assertEquals(java.util.List.of(), r.violations(), r.resultLine());
        String report = Files.readString(dir.resolve("none-20261202").resolve("report.txt"));
        java.util.regex.Matcher rm = java.util.regex.Pattern.compile("rm store: (\\d+) applications acknowledged, (\\d+) in the store, 0"
                + " acknowledged and lost, 0 landed after a later term began").matcher(report);
        assertTrue(rm.find(), "the RM store was audited: " + report);
        assertTrue(Long.parseLong(rm.group(1)) > 100, "the ResourceManagers worked: " + rm.group());
        java.util.regex.Matcher terms = java.util.regex.Pattern.compile("rm \\(yarn/lab\\): .* (\\d+) terms").matcher(report);
        assertTrue(terms.find() && Integer.parseInt(terms.group(1)) > 5, "the ResourceManagers failed over: " + report);
        assertTrue(Files.readString(dir.resolve("none-20261202").resolve("timeline.html")).contains("no violations"));
        assertTrue(Files.readString(dir.resolve("none-20261202").resolve("schedule.txt")).startsWith("# hakeeper chaos schedule: seed 20261202"));
    }

    @Test
    void mastersThatIgnoreTheirLeaseAreCaughtWithin200Faults() {
        CampaignResult r = run(20261203, 200, "ignore-lease", true);
        assertTrue(r.overlaps() > 0, "two actives at once: " + r.resultLine());
        assertTrue(r.faults() < 200, "caught before the 200th fault: " + r.resultLine());
    }

    @Test
    void controllersWhoseLeaseTrustsAStaleFollowerAreCaughtWithin200Faults() {
        CampaignResult r = run(20261205, 200, "stale-read", true);
        assertTrue(r.overlaps() > 0, "two actives at once: " + r.resultLine());
        assertTrue(r.faults() < 200, "caught before the 200th fault: " + r.resultLine());
    }

    @Test
    void anRmWhoseWritesAreNotFencedIsCaughtByTheStoreAuditWithin200Faults() {
        // the RMs alone: a zombie that goes on writing, unfenced, after it stood down; only the store audit can see it
        CampaignResult r = run(20261206, 200, "no-epoch-check", true, java.util.Set.of("rm"));
        assertTrue(r.staleStoreWrites() > 0, "a deposed RM's write landed in a later term: " + r.resultLine());
        assertTrue(r.faults() < 200, "caught before the 200th fault: " + r.resultLine());
    }

    @Test
    void aLedgerThatTrustsStaleEpochsIsCaughtWithin200Faults() {
        CampaignResult r = run(20261204, 200, "no-epoch-check", true);
        assertTrue(r.violations().stream().anyMatch(v -> v.checker().equals("stale-write")), r.resultLine());
        assertTrue(r.faults() < 200, "caught before the 200th fault: " + r.resultLine());
    }
}
