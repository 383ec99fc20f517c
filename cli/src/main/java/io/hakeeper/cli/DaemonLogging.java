package io.hakeeper.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.hakeeper.core.error.HakeeperException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * A daemon's logging, as a mixin of every daemon command. One-shot commands log only warnings, so their output is
 * their answer; daemons log every decision at INFO, so their log tells the story ("nn1 unhealthy (...): quitting the
 * election, fencing needed"). {@code --log-level} changes hakeeper's own level, and {@code --log LOGGER=LEVEL} (repeat
 * it) any logger's, ZooKeeper's and Curator's included (WARN and ERROR by default), as one needs when debugging an
 * incident. Bad values are usage errors (exit 2), said before the daemon starts.
 */
final class DaemonLogging {
    private static final List<String> LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO",
            description = "hakeeper's own log level: ERROR, WARN, INFO, DEBUG or TRACE (default ${DEFAULT-VALUE}).")
    String level = "INFO";

    @Option(names = "--log", paramLabel = "LOGGER=LEVEL", description = "Any logger's level, e.g."
            + " org.apache.zookeeper=INFO or io.hakeeper.core.election=DEBUG; repeat it.")
    List<String> overrides = new ArrayList<>();

    /** Checks every value first (nothing changes on bad input), then sets the levels. */
    void apply() {
        Level own = parse("--log-level", level);
        List<String[]> parsed = new ArrayList<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0 || eq == o.length() - 1) {
                throw HakeeperException.usage("--log " + o + " is not LOGGER=LEVEL: give e.g. --log org.apache.zookeeper=INFO");
            }
            parse("--log " + o, o.substring(eq + 1));
            parsed.add(new String[] {o.substring(0, eq), o.substring(eq + 1)});
        }
        set("io.hakeeper", own);
        for (String[] p : parsed) {
            set(p[0], Level.toLevel(p[1].toUpperCase(Locale.ROOT)));
        }
    }

    /**
     * The daemon's first line: what runs, hakeeper's and the ZooKeeper client's versions, and the configuration files
     * it read (never the command line: it may hold credentials).
     */
    static void started(String daemon, List<java.nio.file.Path> configFiles) {
        String[] version = new Main.Version().getVersion();
        LoggerFactory.getLogger("io.hakeeper.cli").info("{} starting: {}; configuration: {}", daemon, version[0],
                configFiles.isEmpty() ? "command line only" : String.join(", ",
                        configFiles.stream().map(p -> p.toAbsolutePath().toString()).toList()));
    }

    /** The defaults, for a daemon run without the options (a test's in-JVM call). */
    static void enable() {
        new DaemonLogging().apply();
    }

    private static Level parse(String option, String value) {
        if (!LEVELS.contains(value.toUpperCase(Locale.ROOT))) {
            throw HakeeperException.usage(option + ": " + value + " is not a log level: give ERROR, WARN, INFO, DEBUG or TRACE");
        }
        return Level.toLevel(value.toUpperCase(Locale.ROOT));
    }

    private static void set(String name, Level level) {
        if (LoggerFactory.getLogger(name) instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
