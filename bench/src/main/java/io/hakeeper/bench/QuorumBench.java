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
 * (audit log, Prometheus metrics, AdminServer on) against the same ZooKeeper from its stock sample config, measured
 * in the same run, alternating which goes first; medians over the runs. Also how long {@code quorum dev} takes to
 * reach a quorum from a cold start.
 */
@Command(name = "quorum", description = "Bundled ensemble vs stock ZooKeeper: writes/s, reads/s, time to quorum.")
final class QuorumBench implements Callable<Integer> {
    @Option(names = "--runs", defaultValue = "3") int runs;
    @Option(names = "--clients", defaultValue = "32") int clients;
    @Option(names = "--payload", defaultValue = "1024", description = "Bytes per value.") int payload;
    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per workload.") int seconds;
    @Option(names = "--warmup", defaultValue = "3", description = "Unmeasured seconds before each workload.") int warmup;
    @Option(names = "--dir", description = "Scratch directory (default: a new temporary one).") Path dir;
    @Option(names = "--peer-set", paramLabel = "KEY=VALUE",
            description = "Add a setting to the stock peer's config, to measure what that one setting costs.")
    List<String> peerSettings = new ArrayList<>();
    @Option(names = "--only-peer", description = "Measure only the (modified) stock peer.") boolean onlyPeer;

    @Spec
    CommandSpec spec;

    record Figures(double writes, double reads) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = dir != null ? dir : Files.createTempDirectory("hakeeper-bench-quorum");
        List<Double> ourWrites = new ArrayList<>(), ourReads = new ArrayList<>(), peerWrites = new ArrayList<>(),
                peerReads = new ArrayList<>(), devStart = new ArrayList<>();
        out.printf("quorum benchmark: 3 members, %d async clients, %d-byte values, %d s per workload, %d runs%n",
                clients, payload, seconds, runs);
        out.printf("%-4s %-8s %12s %12s %14s%n", "RUN", "ENSEMBLE", "WRITES/S", "READS/S", "TO QUORUM MS");
        out.flush();
        for (int run = 1; run <= runs; run++) {
            boolean oursFirst = run % 2 == 1;
            for (int turn = 0; turn < 2; turn++) {
                boolean ours = (turn == 0) == oursFirst;
                if (ours && onlyPeer) {
                    continue;
                }
                Path runDir = scratch.resolve((ours ? "ours-" : "stock-") + run);
                long t0 = System.nanoTime();
                Figures f;
                double startMs;
                if (ours) {
                    try (DevEnsemble e = new DevEnsemble(3, 0, false, runDir).start(Duration.ofSeconds(120))) {
                        startMs = (System.nanoTime() - t0) / 1e6;
                        f = measure(List.of(e.connectString().split(",")));
                    }
                    ourWrites.add(f.writes());
                    ourReads.add(f.reads());
                    devStart.add(startMs);
                } else {
                    try (StockEnsemble e = new StockEnsemble(runDir, 3, peerSettings).start(Duration.ofSeconds(120))) {
                        startMs = (System.nanoTime() - t0) / 1e6;
                        f = measure(e.servers());
                    }
                    peerWrites.add(f.writes());
                    peerReads.add(f.reads());
                }
                out.printf("%-4d %-8s %12.0f %12.0f %14.0f%n", run, ours ? "hakeeper" : "stock", f.writes(), f.reads(), startMs);
                out.flush();
            }
        }
        double w = ResultLine.median(ourWrites), pw = ResultLine.median(peerWrites);
        double r = ResultLine.median(ourReads), pr = ResultLine.median(peerReads);
        if (onlyPeer) {
            out.printf("%nmedians of the peer: writes/s %.0f, reads/s %.0f with %s%n", pw, pr, peerSettings);
            out.println(new ResultLine("quorum-peer").put("peer_writes_per_s", Math.round(pw))
                    .put("peer_reads_per_s", Math.round(pr)).put("runs", runs));
            return 0;
        }
        out.printf("%nmedians: writes/s %.0f vs %.0f stock (ratio %.3f); reads/s %.0f vs %.0f stock (ratio %.3f);"
                + " quorum dev reaches a quorum in %.0f ms%n", w, pw, w / pw, r, pr, r / pr, ResultLine.median(devStart));
        out.println(new ResultLine("quorum").put("writes_per_s", Math.round(w)).put("peer_writes_per_s", Math.round(pw))
                .put("write_ratio", w / pw).put("reads_per_s", Math.round(r)).put("peer_reads_per_s", Math.round(pr))
                .put("read_ratio", r / pr).put("dev_quorum_ms", Math.round(ResultLine.median(devStart))).put("runs", runs));
        return 0;
    }

    private Figures measure(List<String> servers) throws Exception {
        try (LoadGenerator load = new LoadGenerator(servers, clients, payload)) {
            double writes = load.run(true, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
            double reads = load.run(false, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
            return new Figures(writes, reads);
        }
    }
}
