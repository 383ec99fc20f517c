package io.hakeeper.quorum;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.nio.file.Path;

/**
 * The process entry point of one server, {@code QuorumServerMain --config zoo.cfg [--log-dir D]
 * [--allow-unknown-keys]}: what {@code hakeeper quorum start} runs, and what {@code quorum dev} starts once per
 * member so that each is its own OS process. Kept free of the CLI library so a member's classpath stays small.
 */
public final class QuorumServerMain {
    private QuorumServerMain() {
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
