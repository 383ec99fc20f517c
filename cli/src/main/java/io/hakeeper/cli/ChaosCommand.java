package io.hakeeper.cli;

import io.hakeeper.chaos.Campaign;
import io.hakeeper.chaos.CampaignOptions;
import io.hakeeper.chaos.CampaignResult;
import io.hakeeper.chaos.Lab;
import io.hakeeper.chaos.LabException;
import io.hakeeper.chaos.LabUnavailableException;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "chaos", description = "The chaos lab: hosts in network namespaces, seeded real faults, checkers for"
        + " split brain, stale writes, time without an active and spurious failovers. Needs root.",
        subcommands = {ChaosCommand.Run.class, ChaosCommand.Replay.class, ChaosCommand.Clean.class})
final class ChaosCommand {
    /** What run and replay share. */
    static final class CampaignArgs {
        @Option(names = "--faults", defaultValue = "150", description = "How many faults to throw (default ${DEFAULT-VALUE}).")
        int faults;

        @Option(names = "--session-ms", defaultValue = "2000",
                description = "T, the controllers' ZooKeeper session timeout, in ms (default ${DEFAULT-VALUE}).")
        long sessionMs;

        @Option(names = "--streams", defaultValue = "2", description = "At most this many faults at once, 1..3 (default ${DEFAULT-VALUE}).")
        int streams;

        @Option(names = "--systems", defaultValue = "zkfc,rm,hbase", split = ",", description = "Which systems run in the lab, together:"
                + " zkfc (two masters with their controllers), rm (two ResourceManagers with the embedded elector and"
                + " their store), hbase (two HBase master agents). Default: ${DEFAULT-VALUE}.")
        List<String> systems;

        @Option(names = "--ensemble", defaultValue = "3", description = "ZooKeeper members, each on a host of its own: 3 or 5"
                + " (default ${DEFAULT-VALUE}).")
        int ensemble;

        @Option(names = "--dir", paramLabel = "DIR", description = "Where the schedule, logs, report.txt and timeline.html"
                + " go. Default: chaos-<seed> in the current folder.")
        Path dir;

        @Option(names = "--unsafe", defaultValue = "none", paramLabel = "SWITCH", description = "For proving the checkers:"
                + " ignore-lease (masters act past their lease), no-epoch-check (the ledger accepts stale epochs) or stale-read"
                + " (the controllers' lease trusts reads their own ZooKeeper server answers).")
        String unsafe;

        @Option(names = "--stop-at-first-violation", description = "End the campaign at the round where a checker first fails.")
        boolean stopAtFirst;

        int execute(long seed, CommandSpec spec) {
            CampaignOptions options;
            try {
                options = new CampaignOptions(seed, faults, sessionMs, streams,
                        (dir != null ? dir : Path.of("chaos-" + seed)).toAbsolutePath(), unsafe, stopAtFirst, null,
                        new java.util.HashSet<>(systems), ensemble);
            } catch (IllegalArgumentException e) {
                throw new HakeeperException(ExitCode.USAGE, e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("chaos: seed " + seed + ", " + faults + " faults, T " + sessionMs + " ms, in " + options.dir()
                    + " (replay: hakeeper chaos replay " + seed + " --faults " + faults + " --session-ms " + sessionMs
                    + " --streams " + streams + " --systems " + String.join(",", systems) + " --ensemble " + ensemble + ")");
            out.flush();
            Campaign campaign = new Campaign(options);
            Thread hook = new Thread(campaign::close, "chaos-teardown"); // Ctrl-C: no namespace or process left behind
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                CampaignResult result = campaign.run(out);
                result.summary().forEach(out::println);
                out.println("report: " + options.dir().resolve("report.txt") + "; timeline: " + options.dir().resolve("timeline.html"));
                return result.violations().isEmpty() ? 0 : ExitCode.VIOLATION.code();
            } catch (LabUnavailableException e) {
                throw new HakeeperException(ExitCode.UNSUPPORTED, e.getMessage());
            } catch (LabException e) {
                throw new HakeeperException(ExitCode.FAILURE, "the lab failed: " + e.getMessage() + " (logs in " + options.dir() + ")");
            } finally {
                campaign.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        }
    }

    @Command(name = "run", description = "Run a campaign; exit 0 when every check held, 11 when one failed.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--seed", description = "The schedule's seed. Default: a new one, printed.")
        Long seed;

        @Mixin
        CampaignArgs args;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return args.execute(seed != null ? seed : System.nanoTime() & 0xFFFFFFFFL, spec);
        }
    }

    @Command(name = "replay", description = "Run the schedule of SEED again (give the same --faults, --session-ms and --streams).")
    static final class Replay implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SEED")
        long seed;

        @Mixin
        CampaignArgs args;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return args.execute(seed, spec);
        }
    }

    @Command(name = "clean", description = "Remove network namespaces a killed campaign left behind (named hk<tag>-<host>).")
    static final class Clean implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            String unavailable = Lab.unavailableReason();
            if (unavailable != null) {
                throw new HakeeperException(ExitCode.UNSUPPORTED, unavailable);
            }
            List<String> left = Lab.leftovers();
            left.forEach(Lab::remove);
            spec.commandLine().getOut().println(left.isEmpty() ? "no lab namespaces left behind" : "removed " + left);
            return 0;
        }
    }
}
