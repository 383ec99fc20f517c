package io.hakeeper.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a campaign found: per fault kind the count, the time with no active (p50, p99, max) and failovers; every
 * violation; the fenced ledger's accepted, refused and stale-accepted writes; and the one RESULT line. {@link #write}
 * puts report.txt and timeline.html in the campaign's folder.
 */
public final class CampaignResult {
    private final CampaignOptions options;
    private final List<FaultOutcome> outcomes;
    private final List<Violation> violations;
    private final long accepted;
    private final long refused;
    private final long staleAccepted;
    private final Timeline timeline;
    private final List<String> systemLines;

    CampaignResult(CampaignOptions options, List<FaultOutcome> outcomes, List<Violation> violations, long accepted,
                   long refused, long staleAccepted, List<String> systemLines, Timeline timeline) {
        this.systemLines = List.copyOf(systemLines);
        this.options = options;
        this.outcomes = List.copyOf(outcomes);
        this.violations = List.copyOf(violations);
        this.accepted = accepted;
        this.refused = refused;
        this.staleAccepted = staleAccepted;
        this.timeline = timeline;
    }

    public List<Violation> violations() {
        return violations;
    }

    public int faults() {
        return outcomes.size();
    }

    public long staleRefused() {
        return refused;
    }

    public long acceptedWrites() {
        return accepted;
    }

    public long overlaps() {
        return violations.stream().filter(v -> v.checker().equals("overlap")).count();
    }

    /** Applications an RM store acknowledged and lost (checker 6). */
    public long lostAcked() {
        return violations.stream().filter(v -> v.checker().equals("lost-acked-write")).count();
    }

    /** Writes of a deposed RM that landed in its store after a later term began. */
    public long staleStoreWrites() {
        return violations.stream().filter(v -> v.checker().equals("stale-store-write")).count();
    }

    public long spuriousFailovers() {
        return violations.stream().filter(v -> v.checker().equals("spurious-failover")).count();
    }

    public int kinds() {
        return (int) outcomes.stream().map(o -> o.window().kind()).distinct().count();
    }

    public int shapes() {
        return (int) outcomes.stream().map(o -> o.window().shape()).filter(s -> !s.equals("-")).distinct().count();
    }

    /** The p-th percentile (0..100) of the time with no active after each fault, in ms. */
    public long gapPercentileMs(double p) {
        return percentile(outcomes.stream().map(FaultOutcome::gapMs).sorted().toList(), p);
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    public String resultLine() {
        return "RESULT chaos systems=" + String.join(",", new TreeSet<>(options.systems())) + " faults=" + faults() + " kinds=" + kinds() + " shapes=" + shapes() + " overlaps="
                + overlaps() + " stale_accepted=" + staleAccepted + " stale_refused=" + refused + " gap_p50_ms="
                + gapPercentileMs(50) + " gap_p99_ms=" + gapPercentileMs(99) + " gap_max_ms=" + gapPercentileMs(100)
                + " spurious_failovers=" + spuriousFailovers() + " lost_acked=" + lostAcked() + " stale_store_writes="
                + staleStoreWrites() + " violations=" + violations.size() + " T_ms="
                + options.sessionTimeoutMs() + " unsafe=" + options.labUnsafe() + " seed=" + options.seed();
    }

    /** The text report: one line per fault kind, then the violations, then the RESULT line. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-46s %6s %8s %8s %8s %9s", "fault kind", "count", "gap p50", "gap p99", "gap max", "failovers"));
        Map<String, List<FaultOutcome>> byKind = new TreeMap<>();
        outcomes.forEach(o -> byKind.computeIfAbsent(o.reportName(), k -> new ArrayList<>()).add(o));
        byKind.forEach((kind, list) -> {
            List<Long> gaps = list.stream().map(FaultOutcome::gapMs).sorted().toList();
            lines.add(String.format("%-46s %6d %6d ms %5d ms %5d ms %9d", kind, list.size(), percentile(gaps, 50),
                    percentile(gaps, 99), percentile(gaps, 100), list.stream().mapToInt(FaultOutcome::failovers).sum()));
        });
        lines.addAll(systemLines);
        lines.add("ZooKeeper faults under T sparing the leader and the active's server: "
                + outcomes.stream().filter(FaultOutcome::mustNotFailOver).count() + " (none may cause a failover on its own)");
        List<FaultOutcome> hit = outcomes.stream().filter(FaultOutcome::hitsActiveSession).toList();
        lines.add("ZooKeeper faults on the leader or the active's own server: " + hit.size() + ", followed by "
                + hit.stream().mapToInt(FaultOutcome::failovers).sum() + " failover(s) (the active's client cannot tell"
                + " them from its own isolation, so it may step down)");
        lines.add(violations.isEmpty() ? "no violations" : violations.size() + " violation(s):");
        violations.stream().limit(50).forEach(v -> lines.add(String.format("  [%s] +%.3f s %s", v.checker(),
                (v.atNanos() - timeline.originNanos()) / 1e9, v.text())));
        lines.add(resultLine());
        return lines;
    }

    /** Every kind the campaign threw, for the "every kind" check of the short campaign. */
    public TreeSet<String> kindNames() {
        TreeSet<String> names = new TreeSet<>();
        outcomes.forEach(o -> names.add(o.reportName()));
        return names;
    }

    void write(Path dir) {
        try {
            Files.writeString(dir.resolve("report.txt"), String.join("\n", summary()) + "\n");
            Files.writeString(dir.resolve("timeline.html"), HtmlTimeline.render("hakeeper chaos, seed " + options.seed(),
                    timeline, summary()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
