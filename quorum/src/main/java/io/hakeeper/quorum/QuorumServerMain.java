package io.hakeeper.quorum;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.nio.file.Path;

/**
 * The process entry point of one server, {@code QuorumServerMain --config zoo.cfg [--log-dir D]
 * [--allow-unknown-keys] [--exit-with-parent PID]}: what {@code hakeeper quorum start} runs, and what
 * {@code quorum dev} starts once per member so that each is its own OS process. {@code --exit-with-parent} makes a
 * member stop when the process that started it dies, even by kill -9, so no member outlives its ensemble.
 */
public final class QuorumServerMain {
    private QuorumServerMain() {
    }

    private static void exitWithParent(long pid) {
        ProcessHandle parent = ProcessHandle.of(pid).orElse(null);
        if (parent == null) {
            System.err.println("error: parent process " + pid + " is already gone; not starting");
            System.exit(ExitCode.INTERRUPTED.code());
        }
        parent.onExit().thenRun(() -> {
            System.err.println("parent process " + pid + " exited; stopping this server");
            System.exit(ExitCode.INTERRUPTED.code());
        });
    }

    public static void main(String[] args) {
        Path config = null;
        Path logDir = null;
        boolean allowUnknown = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[++i]);
                case "--log-dir" -> logDir = Path.of(args[++i]);
                case "--allow-unknown-keys" -> allowUnknown = true;
                case "--exit-with-parent" -> exitWithParent(Long.parseLong(args[++i]));
                default -> {
                    System.err.println("error: unknown argument '" + args[i] + "': usage: --config zoo.cfg [--log-dir D]");
                    System.exit(ExitCode.USAGE.code());
                }
            }
        }
        if (config == null) {
            System.err.println("error: no --config given: pass the zoo.cfg to run");
            System.exit(ExitCode.USAGE.code());
        }
        try {
            QuorumServer.run(config, logDir != null ? logDir : QuorumServer.defaultLogDir(config), allowUnknown, System.err::println);
            System.exit(0);
        } catch (HakeeperException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e.exitCode().code());
        }
    }
}
