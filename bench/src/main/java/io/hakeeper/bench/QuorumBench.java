package io.hakeeper.bench;

import io.hakeeper.quorum.DevEnsemble;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hakeeper bench quorum}: writes/s and reads/s of the bundled 3-member ensemble with hakeeper's defaults
 * (audit log, Prometheus metrics, AdminServer on) against the same ZooKeeper from its stock sample config.
 *
 * <p>Both ensembles run for the whole measurement and are loaded in turn, in short alternating windows (an idle
 * ensemble costs next to nothing). Each round measures both within seconds of each other, so the ratio of a round is
 * taken under the same machine conditions; the reported ratio is the median of the rounds' ratios. (Measuring whole
 * runs one after the other, as this benchmark first did, let a 2-core machine's drift of ±20% swamp a 10% question.)
 * Also how long {@code quorum dev} takes to reach a quorum from a cold start.
 */
@Command(name = "quorum", description = "Bundled ensemble vs stock ZooKeeper: writes/s, reads/s, time to quorum.")
final class QuorumBench implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "12", description = "Alternating measurement rounds per workload.")
    int rounds;
    @Option(names = "--clients", defaultValue = "32") int clients;
    @Option(names = "--payload", defaultValue = "1024", description = "Bytes per value.") int payload;
    @Option(names = "--seconds", defaultValue = "4", description = "Measured seconds per window.") int seconds;
    @Option(names = "--warmup", defaultValue = "1", description = "Unmeasured seconds before each window.") int warmup;
    @Option(names = "--settle", defaultValue = "20",
            description = "Unmeasured seconds of each workload on each ensemble before the rounds: the servers' JIT "
                    + "needs this (throughput still doubles over the first 20 s).")
    int settle;
    @Option(names = "--starts", defaultValue = "3", description = "Cold starts of quorum dev to time.") int starts;
    @Option(names = "--dir", description = "Scratch directory (default: a new temporary one).") Path dir;
    @Option(names = "--peer-set", paramLabel = "KEY=VALUE",
            description = "Add a setting to the stock peer's config.")
    List<String> peerSettings = new ArrayList<>();
    @Option(names = "--candidate-stock-with", paramLabel = "KEY=VALUE",
            description = "Measure stock ZooKeeper plus these settings in place of hakeeper's ensemble: what one "
                    + "default costs on its own.")
    List<String> candidateStockSettings = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = dir != null ? dir : Files.createTempDirectory("hakeeper-bench-quorum");
        boolean candidateIsOurs = candidateStockSettings.isEmpty();
        String candidateName = candidateIsOurs ? "hakeeper" : "stock+" + String.join(",", candidateStockSettings);
        out.printf("quorum benchmark: 3 members each, %d async clients, %d-byte values, %d rounds of %d s windows%n",
                clients, payload, rounds, seconds);
        out.printf("candidate: %s; peer: stock%s%n", candidateName, peerSettings.isEmpty() ? "" : "+" + peerSettings);

        List<Double> devStart = new ArrayList<>();
        for (int i = 1; i <= starts; i++) {
            long t0 = System.nanoTime();
            try (DevEnsemble e = new DevEnsemble(3, 0, false, scratch.resolve("cold-" + i)).start(Duration.ofSeconds(120))) {
                devStart.add((System.nanoTime() - t0) / 1e6);
            }
        }
        out.printf("quorum dev reached a quorum in %s ms%n", devStart.stream().map(d -> String.format("%.0f", d)).toList());
        out.flush();

        try (AutoCloseable candidate = candidateIsOurs
                        ? new DevEnsemble(3, 0, false, scratch.resolve("ours")).start(Duration.ofSeconds(120))
                        : new StockEnsemble(scratch.resolve("candidate"), 3, candidateStockSettings).start(Duration.ofSeconds(120));
                StockEnsemble peer = new StockEnsemble(scratch.resolve("stock"), 3, peerSettings).start(Duration.ofSeconds(120));
                LoadGenerator candidateLoad = new LoadGenerator(servers(candidate), clients, payload);
                LoadGenerator peerLoad = new LoadGenerator(peer.servers(), clients, payload)) {
            for (LoadGenerator load : List.of(candidateLoad, peerLoad)) {
                load.run(true, Duration.ofSeconds(settle), Duration.ofSeconds(1));
                load.run(false, Duration.ofSeconds(settle / 2), Duration.ofSeconds(1));
            }
            Paired writes = alternate(out, "writes/s", true, candidateLoad, peerLoad);
            Paired reads = alternate(out, "reads/s", false, candidateLoad, peerLoad);
            double dev = ResultLine.median(devStart);
            out.printf("%nmedians: writes/s %.0f vs %.0f stock (round ratio %.3f); reads/s %.0f vs %.0f stock (round ratio %.3f);"
                    + " quorum dev reaches a quorum in %.0f ms%n", writes.candidate(), writes.peer(), writes.ratio(),
                    reads.candidate(), reads.peer(), reads.ratio(), dev);
            out.println(new ResultLine(candidateIsOurs ? "quorum" : "quorum-setting")
                    .put("writes_per_s", Math.round(writes.candidate())).put("peer_writes_per_s", Math.round(writes.peer()))
                    .put("write_ratio", writes.ratio()).put("reads_per_s", Math.round(reads.candidate()))
                    .put("peer_reads_per_s", Math.round(reads.peer())).put("read_ratio", reads.ratio())
                    .put("dev_quorum_ms", Math.round(dev)).put("rounds", rounds));
        }
        return 0;
    }

    private static List<String> servers(AutoCloseable ensemble) {
        return ensemble instanceof DevEnsemble d ? List.of(d.connectString().split(","))
                : ((StockEnsemble) ensemble).servers();
    }

    /** Medians of each side and the median of the per-round ratios (candidate / peer). */
    record Paired(double candidate, double peer, double ratio) {
    }

    private Paired alternate(PrintWriter out, String what, boolean writes, LoadGenerator candidate, LoadGenerator peer)
            throws InterruptedException {
        List<Double> ours = new ArrayList<>(), theirs = new ArrayList<>(), ratios = new ArrayList<>();
        out.printf("%-6s %-10s %12s %12s %8s%n", "ROUND", "WORKLOAD", "CANDIDATE", "STOCK", "RATIO");
        for (int round = 1; round <= rounds; round++) {
            double c, p;
            if (round % 2 == 1) {
                c = candidate.run(writes, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
                p = peer.run(writes, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
            } else {
                p = peer.run(writes, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
                c = candidate.run(writes, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
            }
            ours.add(c);
            theirs.add(p);
            ratios.add(c / p);
            out.printf("%-6d %-10s %12.0f %12.0f %8.3f%n", round, what, c, p, c / p);
            out.flush();
        }
        return new Paired(ResultLine.median(ours), ResultLine.median(theirs), ResultLine.median(ratios));
    }
}
