package io.hakeeper.bench.failover;

import io.hakeeper.bench.ResultLine;
import io.hakeeper.quorum.DevEnsemble;
import io.hakeeper.zkfc.ZkfcMain;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hakeeper bench failover}: kill -9 of the active master, N rounds; the time from the kill until the other
 * master reports active. Ours ({@code hakeeper zkfc}, its defaults) and the peer (Hadoop's own ZKFailoverController
 * with Hadoop's defaults, through {@link HttpHaTarget}) each drive a pair of sample masters on the same dev quorum,
 * taking turns round by round. Then the session-loss case: the active master and its controller frozen together
 * (SIGSTOP), the time until the other master is active. Each pair's masters keep an epoch ledger; any split brain it
 * shows is reported. Each kill round also prints where its time went, read from both controllers' own log lines
 * ({@link FailoverPhases}), and the RESULT line names the first round: the failover a fresh controller meets.
 */
@Command(name = "failover", description = "Failover after kill -9 of the active master (and a frozen host): "
        + "hakeeper zkfc vs Hadoop's ZKFailoverController.")
public final class FailoverBench implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "30", description = "kill -9 rounds per controller.") int rounds;
    @Option(names = "--freeze-rounds", defaultValue = "5", description = "SIGSTOP rounds per controller.") int freezeRounds;
    @Option(names = "--cut-rounds", defaultValue = "5",
            description = "Rounds per controller that cut the active's controller from ZooKeeper (run last, on pairs"
                    + " whose controllers reach ZooKeeper through a proxy each).") int cutRounds;
    /** The session both kinds of controller ask for: Hadoop's default ha.zookeeper.session-timeout.ms (neither sets it). */
    static final long SESSION_MS = 10_000;

    @Option(names = "--settle-ms", defaultValue = "4000",
            description = "Pause after a master is restarted, so its controller rejoins before the next round.")
    long settleMs;
    @Option(names = "--dir", description = "Scratch directory (default: a new temporary one).") Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = dir != null ? dir : Files.createTempDirectory("hakeeper-bench-failover");
        Duration deadline = Duration.ofSeconds(90);
        Duration settle = Duration.ofMillis(settleMs);
        MasterPair.ControllerKind ours = new MasterPair.ControllerKind("hakeeper", ZkfcMain.class.getName(),
                List.of("-Xmx128m"), (config, nn) -> List.of("--config", config.toString(), "--node", nn));
        MasterPair.ControllerKind hadoop = new MasterPair.ControllerKind("hadoop", HadoopZkfcPeer.class.getName(),
                List.of("-Xmx256m"), (config, nn) -> List.of(config.toString(), nn));
        out.printf("failover benchmark: %d kill -9 rounds, %d freeze rounds and %d cut rounds per controller; scratch %s%n",
                rounds, freezeRounds, cutRounds, scratch);
        out.flush();
        Map<String, List<Double>> kill = new LinkedHashMap<>(), freeze = new LinkedHashMap<>(), cut = new LinkedHashMap<>();
        Map<String, Integer> splitBrain = new LinkedHashMap<>();
        Map<String, Map<String, List<Double>>> phases = new LinkedHashMap<>(); // controller -> phase -> ms per round
        try (DevEnsemble quorum = new DevEnsemble(3, 0, false, scratch.resolve("quorum")).start(deadline);
                MasterPair a = new MasterPair(ours, scratch.resolve("hakeeper"), false);
                MasterPair b = new MasterPair(hadoop, scratch.resolve("hadoop"), false)) {
            out.printf("quorum warmed with %d rounds of a failover's writes in %d ms (the controllers are not warmed)%n",
                    QuorumWarmup.ROUNDS, QuorumWarmup.run(quorum.connectString()));
            a.start(quorum.connectString(), deadline);
            b.start(quorum.connectString(), deadline);
            List<MasterPair> pairs = List.of(a, b);
            pairs.forEach(p -> {
                kill.put(p.name(), new ArrayList<>());
                freeze.put(p.name(), new ArrayList<>());
                cut.put(p.name(), new ArrayList<>());
                Map<String, List<Double>> byPhase = new LinkedHashMap<>();
                FailoverPhases.PHASES.forEach(ph -> byPhase.put(ph, new ArrayList<>()));
                phases.put(p.name(), byPhase);
            });
            out.printf("%-8s %-7s %-9s %10s   %s%n", "ROUND", "CASE", "CONTROLLER", "MS",
                    "PHASES (ms after the kill, from the controllers' logs: " + String.join(", ", FailoverPhases.PHASES) + ")");
            for (int round = 1; round <= rounds + freezeRounds; round++) {
                boolean freezing = round > rounds;
                for (int turn = 0; turn < 2; turn++) {
                    MasterPair p = pairs.get((round + turn) % 2); // alternate who goes first
                    String phaseText = "";
                    Duration d;
                    if (freezing) {
                        offTheTicks();
                        d = p.freezeActiveHost(deadline, settle);
                    } else {
                        MasterPair.Round r = p.killActiveMaster(deadline, settle);
                        d = r.took();
                        r.phases().forEach((ph, ms) -> phases.get(p.name()).get(ph).add(ms));
                        phaseText = phaseText(r.phases());
                    }
                    (freezing ? freeze : kill).get(p.name()).add(d.toNanos() / 1e6);
                    out.printf("%-8d %-7s %-9s %10.0f   %s%n", round, freezing ? "freeze" : "kill-9", p.name(), d.toNanos() / 1e6, phaseText);
                    out.flush();
                }
            }
            for (MasterPair p : pairs) {
                splitBrain.put(p.name(), p.violations().size());
                p.violations().stream().limit(1).forEach(v -> out.printf("%s: split brain in the ledger, first: %s%n", p.name(), v));
            }
            a.close();
            b.close();
            if (cutRounds > 0) {
                runCutRounds(quorum.connectString(), ours, hadoop, scratch, deadline, settle, cut, splitBrain, out);
            }
            out.println();
            for (String name : kill.keySet()) {
                out.printf("%s: kill -9 p50 %.0f ms, p99 %.0f ms; frozen host p50 %.0f ms, max %.0f ms; cut from ZooKeeper p50"
                        + " %.0f ms, max %.0f ms; split brain in the ledger: %d%n", name, percentile(kill.get(name), 50),
                        percentile(kill.get(name), 99), percentile(freeze.get(name), 50), percentile(freeze.get(name), 100),
                        percentile(cut.get(name), 50), percentile(cut.get(name), 100), splitBrain.get(name));
            }
            for (MasterPair p : pairs) {
                Map<String, Double> medians = new LinkedHashMap<>();
                phases.get(p.name()).forEach((ph, v) -> {
                    if (!v.isEmpty()) {
                        medians.put(ph, percentile(v, 50));
                    }
                });
                out.printf("%s: median phases, ms after the kill: %s; observed %.0f%n", p.name(), phaseText(medians),
                        percentile(kill.get(p.name()), 50));
            }
            double p50 = percentile(kill.get("hakeeper"), 50), p99 = percentile(kill.get("hakeeper"), 99);
            double peerP50 = percentile(kill.get("hadoop"), 50), peerP99 = percentile(kill.get("hadoop"), 99);
            out.println(new ResultLine("failover").put("p50_ms", Math.round(p50)).put("p99_ms", Math.round(p99))
                    .put("peer_p50_ms", Math.round(peerP50)).put("peer_p99_ms", Math.round(peerP99))
                    .put("ratio", p99 / peerP99)
                    // a failover happens once, in a JVM that has not done it before: the first round is that one
                    .put("first_round_ms", Math.round(first(kill.get("hakeeper"))))
                    .put("peer_first_round_ms", Math.round(first(kill.get("hadoop"))))
                    .put("freeze_p50_ms", Math.round(percentile(freeze.get("hakeeper"), 50)))
                    .put("freeze_max_ms", Math.round(percentile(freeze.get("hakeeper"), 100)))
                    .put("peer_freeze_p50_ms", Math.round(percentile(freeze.get("hadoop"), 50)))
                    .put("cut_p50_ms", Math.round(percentile(cut.get("hakeeper"), 50)))
                    .put("cut_max_ms", Math.round(percentile(cut.get("hakeeper"), 100)))
                    .put("peer_cut_p50_ms", Math.round(percentile(cut.get("hadoop"), 50)))
                    .put("session_ms", SESSION_MS)
                    .put("split_brain", splitBrain.get("hakeeper")).put("peer_split_brain", splitBrain.get("hadoop"))
                    .put("rounds", rounds));
        }
        return 0;
    }

    /**
     * Cut rounds, on a pair of each kind started for them: each controller reaches ZooKeeper through a proxy of its
     * own, so the kill and freeze rounds above pay no proxy hop. Split brain found in their ledgers adds to the count.
     */
    private void runCutRounds(String quorum, MasterPair.ControllerKind ours, MasterPair.ControllerKind hadoop,
            Path scratch, Duration deadline, Duration settle, Map<String, List<Double>> cut,
            Map<String, Integer> splitBrain, PrintWriter out) throws Exception {
        try (MasterPair a = new MasterPair(ours, scratch.resolve("hakeeper-cut"), true);
                MasterPair b = new MasterPair(hadoop, scratch.resolve("hadoop-cut"), true)) {
            a.start(quorum, deadline);
            b.start(quorum, deadline);
            List<MasterPair> pairs = List.of(a, b);
            for (int round = 1; round <= cutRounds; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    MasterPair p = pairs.get((round + turn) % 2);
                    offTheTicks();
                    Duration d = p.cutActiveController(deadline, settle);
                    cut.get(p.name()).add(d.toNanos() / 1e6);
                    out.printf("%-8d %-7s %-9s %10.0f%n", rounds + freezeRounds + round, "cut-zk", p.name(), d.toNanos() / 1e6);
                    out.flush();
                }
            }
            for (MasterPair p : pairs) {
                splitBrain.merge(p.name(), p.violations().size(), Integer::sum);
                p.violations().stream().limit(1).forEach(v -> out.printf("%s (cut rounds): split brain in the ledger, first: %s%n",
                        p.name(), v));
            }
        }
    }

    /**
     * Waits 0-2 s (seeded, so runs compare): ZooKeeper expires sessions on its tick boundaries (tickTime 2000 ms), so
     * how long a frozen or cut controller's session outlives the timeout depends on where in a tick the fault falls.
     * Rounds that follow one another at fixed delays would start at the same point of the tick every time, and always
     * meet the same rounding (the first runs' cut rounds: 12.0 s each, five of five).
     */
    private void offTheTicks() throws InterruptedException {
        Thread.sleep(tickPhase.nextInt(2000));
    }

    private final java.util.Random tickPhase = new java.util.Random(20261203);

    private static double first(List<Double> values) {
        return values.isEmpty() ? Double.NaN : values.get(0);
    }

    private static String phaseText(Map<String, Double> phases) {
        StringBuilder sb = new StringBuilder();
        phases.forEach((ph, ms) -> sb.append(sb.length() == 0 ? "" : " ").append(ph).append(' ').append(Math.round(ms)));
        return sb.toString();
    }

    /** Nearest-rank percentile: with 20 samples, p99 is the largest. */
    static double percentile(List<Double> values, int pct) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(pct / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
