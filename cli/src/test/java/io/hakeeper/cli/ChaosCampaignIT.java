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
 * must hold, the RM store's audit too (no acknowledged application lost, none written by a deposed RM). The proofs
 * that the checkers can fail are {@link ChaosProofsIT}. Needs root and network namespaces: without them this fails,
 * it does not skip.
 */
class ChaosCampaignIT {
    /** Under target/, not a temporary folder: a failed campaign's logs, report and timeline say what happened. */
    static final Path DIR = Path.of("target", "chaos-campaigns");
    private final Path dir = DIR;

    /** A campaign with T = 2 s and two streams, its summary printed. */
    static CampaignResult run(long seed, int faults, String unsafe, boolean stopAtFirst, java.util.Set<String> systems) {
        return run(seed, faults, unsafe, stopAtFirst, systems, EnumSet.allOf(FaultKind.class));
    }

    /** The same, throwing only {@code kinds}. */
    static CampaignResult run(long seed, int faults, String unsafe, boolean stopAtFirst, java.util.Set<String> systems,
                              java.util.Set<FaultKind> kinds) {
        CampaignOptions options = new CampaignOptions(seed, faults, 2000, 2, DIR.resolve(unsafe + "-" + seed), unsafe,
                stopAtFirst, kinds, systems);
        PrintWriter out = new PrintWriter(System.out, true);
        try (Campaign campaign = new Campaign(options)) {
            CampaignResult result = campaign.run(out);
            result.summary().forEach(out::println);
            return result;
        }
    }

    @Test
    void aShortCampaignOfEveryKindHoldsEveryBound() throws Exception {
        CampaignResult r = run(20261202, 150, "none", false, CampaignOptions.SYSTEMS);
        assertEquals(150, r.faults());
        assertEquals(EnumSet.allOf(FaultKind.class).stream().map(FaultKind::reportName).collect(java.util.stream.Collectors
                .toCollection(java.util.TreeSet::new)), r.kindNames(), "every kind and shape was thrown");
        assertEquals(FaultKind.Shape.values().length, r.shapes(), "every partition shape was thrown");
        assertTrue(r.acceptedWrites() > 1000, "the actives worked: " + r.acceptedWrites() + " writes");
        assertTrue(r.staleRefused() >= r.faults() / 100, "fencing was exercised: " + r.staleRefused() + " stale writes refused");
        assertEquals(java.util.List.of(), r.violations(), r.resultLine());
        String report = Files.readString(dir.resolve("none-20261202").resolve("report.txt"));
        java.util.regex.Matcher rm = java.util.regex.Pattern.compile("rm store: (\\d+) applications acknowledged \\(\\d+ retired since, the RMs keeping their newest \\d+\\), (\\d+) in the store, 0"
                + " acknowledged and lost, 0 landed after a later term began").matcher(report);
        assertTrue(rm.find(), "the RM store was audited: " + report);
        assertTrue(Long.parseLong(rm.group(1)) > 100, "the ResourceManagers worked: " + rm.group());
        java.util.regex.Matcher terms = java.util.regex.Pattern.compile("rm \\(yarn/lab\\): .* (\\d+) terms").matcher(report);
        assertTrue(terms.find() && Integer.parseInt(terms.group(1)) > 5, "the ResourceManagers failed over: " + report);
        java.util.regex.Matcher hbase = java.util.regex.Pattern.compile("hbase \\(hbase/lab\\): (\\d+) writes accepted, .* (\\d+) terms").matcher(report);
        assertTrue(hbase.find() && Long.parseLong(hbase.group(1)) > 100 && Integer.parseInt(hbase.group(2)) > 5,
                "the HBase master agents worked and failed over: " + report);
        assertTrue(Files.readString(dir.resolve("none-20261202").resolve("timeline.html")).contains("no violations"));
        assertTrue(Files.readString(dir.resolve("none-20261202").resolve("schedule.txt")).startsWith("# hakeeper chaos schedule: seed 20261202"));
    }
}
