package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every daemon's --log-level and --log: one line and exit 2 for a bad value (and no level changed), else the levels set. */
class DaemonLoggingTest {
    private static Level levelOf(String name) {
        return ((Logger) LoggerFactory.getLogger(name)).getLevel();
    }

    @Test
    void badValuesAreOneLineUsageErrorsOfEveryDaemonAndChangeNothing() {
        Level before = levelOf("io.hakeeper.test.untouched");
        List<List<String>> daemons = List.of(
                List.of("kafka", "broker-agent", "--connect", "127.0.0.1:1", "--id", "1", "--listener", "PLAINTEXT://h:9092"),
                List.of("hbase", "master-agent", "--connect", "127.0.0.1:1", "--server", "h,16000,1"),
                List.of("hbase", "rs-agent", "--connect", "127.0.0.1:1", "--server", "h,16020,1"),
                List.of("hbase", "rs-guard", "--connect", "127.0.0.1:1", "--server", "h,16020", "--dry-run"),
                List.of("rm", "demo-master", "--connect", "127.0.0.1:1", "--id", "rm1"),
                List.of("zkfc", "--config", "/nonexistent/hdfs-site.xml"));
        for (List<String> daemon : daemons) {
            for (List<String> bad : List.of(List.of("--log-level", "LOUD"), List.of("--log", "io.hakeeper.test.untouched"),
                    List.of("--log", "io.hakeeper.test.untouched=NOISY"))) {
                List<String> args = new java.util.ArrayList<>(daemon);
                args.addAll(bad);
                CliRun r = CliRun.of(args.toArray(String[]::new));
                assertEquals(2, r.code(), r.toString());
                assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
                assertTrue(r.err().contains(bad.get(1)) && r.err().contains("give"), "names the value and the fix: " + r);
            }
        }
        assertEquals(before, levelOf("io.hakeeper.test.untouched"), "bad input changed no level");
    }

    @Test
    void theLevelsAreSetAsGiven() {
        DaemonLogging logs = new DaemonLogging();
        logs.level = "debug";
        logs.overrides = List.of("org.apache.zookeeper.test=TRACE", "io.hakeeper.test.other=error");
        logs.apply();
        assertEquals(Level.DEBUG, levelOf("io.hakeeper"));
        assertEquals(Level.TRACE, levelOf("org.apache.zookeeper.test"));
        assertEquals(Level.ERROR, levelOf("io.hakeeper.test.other"));
        DaemonLogging.enable();
        assertEquals(Level.INFO, levelOf("io.hakeeper"), "a daemon's default");
    }

    @Test
    void theStartUpLineSaysTheVersionsAndTheFilesRead() {
        Logger cli = (Logger) LoggerFactory.getLogger("io.hakeeper.cli");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen = new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        cli.addAppender(seen);
        try {
            DaemonLogging.enable();
            DaemonLogging.started("zkfc", List.of(java.nio.file.Path.of("core-site.xml"), java.nio.file.Path.of("hdfs-site.xml")));
            String line = seen.list.get(0).getFormattedMessage();
            assertTrue(line.startsWith("zkfc starting: hakeeper "), line);
            assertTrue(line.contains("Apache ZooKeeper 3.9"), line);
            assertTrue(line.contains(java.nio.file.Path.of("core-site.xml").toAbsolutePath() + ", "
                    + java.nio.file.Path.of("hdfs-site.xml").toAbsolutePath()), line);
        } finally {
            cli.detachAppender(seen);
        }
    }
}
