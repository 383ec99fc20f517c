package io.hakeeper.cli;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.error.ZkErrors;
import io.hakeeper.core.process.ProcessLaunch;
import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one {@code hakeeper} command. Errors are one line on stderr with a code from {@link ExitCode}. */
@Command(name = "hakeeper", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "High availability for Hadoop-style masters on Apache ZooKeeper.",
        subcommands = {QuorumCommand.class, ZkfcCommand.class, HaadminCommand.class, RmCommand.class, HbaseCommand.class, KafkaCommand.class, ZkCommand.class,
                SampleMasterCommand.class, DemoCommand.class, ChaosCommand.class,
                HelpCommand.class})
public final class Main {
    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    public static void main(String[] args) {
        ProcessLaunch.preferOneExec(); // fencing commands start faster (one exec, not two)
        Thread.setDefaultUncaughtExceptionHandler(Main::haltOnVirtualMachineError);
        System.exit(run(args, System.out, System.err));
    }

    /**
     * A thread that dies of a {@link VirtualMachineError} (out of memory, say) takes the process with it at once: a
     * daemon whose lease watchdog or election thread is gone could otherwise keep its ZooKeeper session, and a lock
     * with it, alive while doing nothing (the launchers' -XX:OnOutOfMemoryError does the same for memory; this covers
     * a JVM started without them). Other uncaught failures are printed as the JVM would.
     */
    private static void haltOnVirtualMachineError(Thread thread, Throwable failure) {
        System.err.println("Exception in thread \"" + thread.getName() + "\" " + failure);
        failure.printStackTrace();
        if (failure instanceof VirtualMachineError) {
            System.err.println("error: " + failure + " in thread " + thread.getName() + ": stopping the process at once");
            Runtime.getRuntime().halt(ExitCode.FAILURE.code());
        }
    }

    /** Runs one command line in this JVM and returns its exit code (what {@link #main} exits with). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main root = new Main();
        CommandLine cmd = new CommandLine(root);
        cmd.setUsageHelpWidth(110);
        cmd.getCommandSpec().usageMessage().footerHeading("%nExit codes:%n").footer(ExitCode.table()
                + "%nBenchmarks: hakeeper bench <scenario> (from a source checkout: scripts/hakeeper bench quorum).");
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setExitCodeExceptionMapper(Main::exitCodeOf);
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + message(e));
            if (root.verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            return exitCodeOf(e);
        });
        cmd.setParameterExceptionHandler((e, args1) -> {
            e.getCommandLine().getErr().println("error: " + usageMessage(e) + " (see `"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return ExitCode.USAGE.code();
        });
        try {
            return cmd.execute(args);
        } finally {
            // print() on an autoflush PrintWriter does not flush; make sure a table written with it is seen
            cmd.getOut().flush();
            cmd.getErr().flush();
        }
    }

    /**
     * picocli reports a missing required option before an unknown one; but `--confg x` is a typo of the option that
     * is "missing", so the unknown option is what the user needs to see first.
     */
    private static String usageMessage(CommandLine.ParameterException e) {
        java.util.List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
        if (e instanceof CommandLine.MissingParameterException && !unmatched.isEmpty()) {
            return "Unknown option: '" + unmatched.get(0) + "'; " + e.getMessage();
        }
        return e.getMessage();
    }

    static int exitCodeOf(Throwable e) {
        if (e instanceof HakeeperException he) {
            return he.exitCode().code();
        }
        if (e instanceof KeeperException ke) {
            return ZkErrors.explain(ke, "the quorum").exitCode().code();
        }
        if (e instanceof InterruptedException) {
            return ExitCode.INTERRUPTED.code();
        }
        return ExitCode.FAILURE.code();
    }

    private static String message(Throwable e) {
        if (e instanceof HakeeperException) {
            return e.getMessage();
        }
        if (e instanceof KeeperException ke) {
            return ZkErrors.explain(ke, "the quorum").getMessage();
        }
        return "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage() + " (rerun with -v for the stack trace)";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"hakeeper " + (v == null ? "(development build)" : v) + ", Apache ZooKeeper "
                    + org.apache.zookeeper.Version.getFullVersion()};
        }
    }
}
