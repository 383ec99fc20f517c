package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad configurations through the real command: `quorum start --check` prints one line per problem and exits with
 * the documented code (3 for errors, 0 when there are only warnings). One table, every validation case.
 */
class QuorumConfigCliTest {
    @TempDir
    Path dir;

    interface Edit {
        void apply(Path cfg, Path dataDir) throws IOException;
    }

    /** Writes a valid 3-server config for server 1 with `quorum init`, then applies the edit. */
    private Path configWith(Edit edit) throws IOException {
        Path cfg = dir.resolve("zoo.cfg");
        Path data = dir.resolve("data");
        CliRun init = CliRun.of("quorum", "init", "--id", "1", "--servers",
                "127.0.0.1:31101:31201,127.0.0.1:31102:31202,127.0.0.1:31103:31203", "--data-dir", data.toString(),
                "--client-port", "31001", "--admin-port", "31301", "--metrics-port", "31401", "--config", cfg.toString());
        assertEquals(0, init.code(), init.toString());
        edit.apply(cfg, data);
        return cfg;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            c("clean", (cfg, data) -> { }, 0, "is valid"),
            c("missing myid", (cfg, data) -> Files.delete(data.resolve("myid")), 3, "error: missing " ),
            c("mismatched myid", (cfg, data) -> Files.writeString(data.resolve("myid"), "9"), 3,
                    "says 9 but there is no server.9 line"),
            c("even number of voters", (cfg, data) -> append(cfg, "server.4=127.0.0.1:31104:31204"), 0,
                    "warning: 4 voting members"),
            c("duplicate ports", (cfg, data) -> replace(cfg, "admin.serverPort=31301", "admin.serverPort=31001"), 3,
                    "error: admin.serverPort and clientPort are both 31001"),
            c("unwritable dataDir", (cfg, data) -> {
                Files.writeString(cfg.resolveSibling("plain-file"), "x");
                replace(cfg, "dataDir=" + data.toAbsolutePath(), "dataDir=" + cfg.resolveSibling("plain-file/d"));
            }, 3, "is not writable by user"),
            c("unknown key", (cfg, data) -> append(cfg, "tickTme=2000"), 3, "error: unknown key 'tickTme' (did you mean 'tickTime'?)"),
            c("session bounds cap clients", (cfg, data) -> replace(cfg, "maxSessionTimeout=90000", "maxSessionTimeout=40000"),
                    0, "warning: maxSessionTimeout is 40000 ms: HBase's"),
            c("not key=value", (cfg, data) -> append(cfg, "this line is junk"), 3, "is not key=value"),
            c("no such file", (cfg, data) -> Files.delete(cfg), 3, "error: cannot read"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void checkPrintsOneLinePerProblemWithTheDocumentedExitCode(String name, Edit edit, int code, String line)
            throws IOException {
        Path cfg = configWith(edit);
        CliRun run = CliRun.of("quorum", "start", "--check", "--config", cfg.toString());
        assertEquals(code, run.code(), run.toString());
        String all = run.out() + run.err();
        assertTrue(all.lines().anyMatch(l -> l.contains(line)), name + ": no line with '" + line + "' in\n" + run);
    }

    @Test
    void busyPortIsAnError() throws IOException {
        try (ServerSocket busy = new ServerSocket(31001, 1, InetAddress.getLoopbackAddress())) {
            Path cfg = configWith((c, d) -> { });
            CliRun run = CliRun.of("quorum", "start", "--check", "--config", cfg.toString());
            assertEquals(3, run.code(), run.toString());
            assertTrue(run.err().contains("error: clientPort 31001 is already in use on this host"), run.toString());
        }
    }

    @Test
    void initRefusesToOverwriteOrToTakeAnotherServersData() throws IOException {
        Path cfg = configWith((c, d) -> { });
        String servers = "127.0.0.1:31101:31201,127.0.0.1:31102:31202,127.0.0.1:31103:31203";
        CliRun again = CliRun.of("quorum", "init", "--id", "1", "--servers", servers, "--data-dir",
                dir.resolve("data").toString(), "--config", cfg.toString());
        assertEquals(8, again.code(), again.toString());
        assertTrue(again.err().contains("already exists: keep it, or pass --force"), again.toString());
        CliRun other = CliRun.of("quorum", "init", "--id", "2", "--servers", servers, "--data-dir",
                dir.resolve("data").toString(), "--config", dir.resolve("other.cfg").toString());
        assertEquals(8, other.code(), other.toString());
        assertTrue(other.err().contains("already belongs to server 1"), other.toString());
        assertEquals("1", Files.readString(dir.resolve("data/myid")).trim(), "nothing lost");
        CliRun badId = CliRun.of("quorum", "init", "--id", "5", "--servers", servers, "--data-dir",
                dir.resolve("d5").toString(), "--config", dir.resolve("five.cfg").toString());
        assertEquals(3, badId.code(), badId.toString());
        CliRun badServers = CliRun.of("quorum", "init", "--id", "1", "--servers", "h1:2888", "--data-dir",
                dir.resolve("d6").toString(), "--config", dir.resolve("six.cfg").toString());
        assertEquals(2, badServers.code(), badServers.toString());
        assertTrue(badServers.err().startsWith("error: --servers: malformed server entry 'h1:2888'"), badServers.toString());
    }

    @Test
    void initBindsTheClientAdminAndMetricsPortsToTheGivenAddressOrRefusesOneThatIsNot() throws IOException {
        String servers = "127.0.0.1:31101:31201,127.0.0.1:31102:31202,127.0.0.1:31103:31203";
        Path cfg = dir.resolve("bound.cfg");
        CliRun init = CliRun.of("quorum", "init", "--id", "1", "--servers", servers, "--data-dir", dir.resolve("b").toString(),
                "--bind", "127.0.0.2", "--config", cfg.toString());
        assertEquals(0, init.code(), init.toString());
        String text = Files.readString(cfg);
        for (String key : new String[] {"clientPortAddress=127.0.0.2", "admin.serverAddress=127.0.0.2", "metricsProvider.httpHost=127.0.0.2"}) {
            assertTrue(text.contains(key), key + " in " + text);
        }
        assertEquals(0, CliRun.of("quorum", "start", "--check", "--config", cfg.toString()).code(), "a valid config");
        for (String bad : new String[] {"300.1.1.1", "zk1.example.com", "10.0.0"}) {
            Path none = dir.resolve("none-" + bad + ".cfg");
            CliRun run = CliRun.of("quorum", "init", "--id", "1", "--servers", servers, "--data-dir", dir.resolve("n").toString(),
                    "--bind", bad, "--config", none.toString());
            assertEquals(2, run.code(), run.toString());
            assertEquals(1, run.err().strip().lines().count(), run.toString());
            assertTrue(run.err().startsWith("error: --bind " + bad + " is not an IP address"), run.toString());
            assertFalse(Files.exists(none), "nothing written");
            assertFalse(Files.exists(dir.resolve("n")), "no data dir made");
        }
    }

    @Test
    void usageErrorsExitTwo() {
        CliRun run = CliRun.of("quorum", "init", "--no-such-option");
        assertEquals(2, run.code(), run.toString());
        assertTrue(CliRun.of("--help").out().contains("Exit codes:"));
    }

    private static Arguments c(String name, Edit edit, int code, String line) {
        return Arguments.of(name, edit, code, line);
    }

    private static void append(Path cfg, String line) throws IOException {
        Files.writeString(cfg, Files.readString(cfg) + line + "\n");
    }

    private static void replace(Path cfg, String from, String to) throws IOException {
        String s = Files.readString(cfg);
        assertTrue(s.contains(from), "config has " + from);
        Files.writeString(cfg, s.replace(from, to));
    }
}
