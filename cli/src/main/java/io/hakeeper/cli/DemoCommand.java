package io.hakeeper.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", description = "See failover happen: a dev quorum, two sample masters and a failover controller"
        + " beside each, two ResourceManagers with the embedded elector and state store, HBase master and"
        + " RegionServer agents, and a live table."
        + " Ctrl-C stops everything.")
final class DemoCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    @Option(names = "--dir", paramLabel = "DIR", description = "Where it all lives. Default: ~/.hakeeper/demo.")
    Path dir;

    @Option(names = "--for", paramLabel = "SECONDS", description = "Stop by itself after this long (for scripts).")
    Long seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seconds != null && seconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--for " + seconds
                    + " is not a duration: give the seconds the demo should run, at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Demo demo = new Demo(dir != null ? dir : Path.of(System.getProperty("user.home"), ".hakeeper", "demo"));
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            demo.close();
        }, "demo-stop"));
        try {
            demo.start(out);
            out.flush();
            long end = seconds == null ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
            String lastTable = "";
            String lastActive = null;
            boolean hinted = false;
            while (!stopping.get() && System.nanoTime() < end) {
                List<Demo.Row> rows = demo.rows();
                String table = table(rows) + table(demo.rmRows()) + table(demo.hbaseRows()) + table(demo.kafkaRows());
                String active = rows.stream().filter(r -> r.state().equals("active")).map(Demo.Row::node).findFirst()
                        .orElse(null);
                if (!table.equals(lastTable)) {
                    out.println(LocalTime.now().format(TIME));
                    out.print(table);
                    lastTable = table;
                }
                if (active != null && !active.equals(lastActive)) {
                    if (lastActive != null) {
                        out.printf("failover: %s is active now (it was %s); the controllers' logs in %s say how long it"
                                + " took%n", active, lastActive, demo.dir());
                    }
                    rows.stream().filter(r -> r.node().equals(active)).findFirst().ifPresent(r ->
                            out.printf("try it: kill -9 %d   (%s's master; watch the other take over)%n", r.pid(), active));
                    hinted = true;
                }
                if (active != null) {
                    lastActive = active;
                }
                List<String> violations = new java.util.ArrayList<>(demo.ledger().violations());
                violations.addAll(demo.rmLedger().violations());
                if (!violations.isEmpty()) {
                    out.println("SPLIT BRAIN: " + violations.get(0));
                }
                out.flush();
                Thread.sleep(hinted ? 200 : 500);
            }
            boolean clean = demo.ledger().violations().isEmpty() && demo.rmLedger().violations().isEmpty();
            out.println("split-brain check over the ledgers: " + (clean ? "none" : "VIOLATED"));
            return 0;
        } finally {
            demo.close();
        }
    }

    static String table(List<Demo.Row> rows) {
        StringBuilder sb = new StringBuilder(String.format("  %-8s %-8s %-12s %s%n", rows.isEmpty() || rows.get(0).node().startsWith("nn") ? "MASTER"
                : rows.get(0).node().startsWith("rm") ? "RM" : "HBASE", "PID", "STATE", "EPOCH"));
        for (Demo.Row r : rows) {
            sb.append(String.format("  %-8s %-8s %-12s %s%n", r.node(), r.pid() < 0 ? "-" : Long.toString(r.pid()),
                    r.state(), r.epoch()));
        }
        return sb.toString();
    }
}
