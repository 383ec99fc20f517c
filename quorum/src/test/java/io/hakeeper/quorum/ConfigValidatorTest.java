package io.hakeeper.quorum;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every validation case: one line, naming the problem and the fix, with the right severity. */
class ConfigValidatorTest {
    @TempDir
    Path dir;

    /** A valid 3-server config for server 1, with free ports. */
    private ZooCfg valid() throws IOException {
        List<ServerEntry> servers = List.of(new ServerEntry(1, "127.0.0.1", 30101, 30201, false),
                new ServerEntry(2, "127.0.0.1", 30102, 30202, false), new ServerEntry(3, "127.0.0.1", 30103, 30203, false));
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Files.writeString(data.resolve("myid"), "1\n");
        return new MemberSpec(1, servers, data, 30001, 30301, 30401, "127.0.0.1", null, null, false).toZooCfg();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            c("missing myid", (cfg, d) -> delete(d.resolve("data/myid")), true, "missing", "myid"),
            c("mismatched myid", (cfg, d) -> write(d.resolve("data/myid"), "7"), true, "says 7 but there is no server.7"),
            c("garbage myid", (cfg, d) -> write(d.resolve("data/myid"), "one"), true, "does not hold a server id"),
            c("even voters", (cfg, d) -> cfg.put("server.4", "127.0.0.1:30104:30204"), false, "4 voting members",
                    "odd number"),
            c("duplicate ports", (cfg, d) -> cfg.put("admin.serverPort", 30001), true,
                    "admin.serverPort and clientPort are both 30001"),
            c("duplicate peer ports", (cfg, d) -> cfg.put("server.3", "127.0.0.1:30102:30203"), true,
                    "server.3 and server.2 both use 127.0.0.1:30102"),
            c("unwritable dataDir", (cfg, d) -> {
                write(d.resolve("a-file"), "x");
                cfg.put("dataDir", d.resolve("a-file/data"));
            }, true, "a-file/data is not writable", "give this user write access"),
            c("unknown key", (cfg, d) -> cfg.put("maxClientConns", 10), true, "unknown key 'maxClientConns'",
                    "did you mean 'maxClientCnxns'"),
            c("session cap", (cfg, d) -> cfg.put("maxSessionTimeout", 40000), false,
                    "HBase's zookeeper.session.timeout default of 90000 ms will be silently cut to 40000 ms"),
            c("session floor", (cfg, d) -> cfg.put("minSessionTimeout", 12000), false,
                    "Hadoop's ha.zookeeper.session-timeout.ms default of 10000 ms will be silently raised to 12000 ms"),
            c("min above max", (cfg, d) -> cfg.put("minSessionTimeout", 100000), true, "above maxSessionTimeout"),
            c("non-numeric tickTime", (cfg, d) -> cfg.put("tickTime", "2s"), true, "tickTime=2s is not a whole number"),
            c("malformed server line", (cfg, d) -> cfg.put("server.2", "127.0.0.1:30102"), true,
                    "malformed server entry"),
            c("no client port", (cfg, d) -> cfg.remove("clientPort"), true, "neither clientPort nor secureClientPort"),
            c("TLS without Netty", (cfg, d) -> cfg.put("secureClientPort", 30501).put("ssl.keyStore.location", "/etc/hostname"),
                    true, "secureClientPort needs the Netty connection factory"),
            c("observer mismatch", (cfg, d) -> cfg.put("peerType", "observer"), true, "server.1 is a voter",
                    "peerType"),
            c("jute.maxbuffer", (cfg, d) -> cfg.put("jute.maxbuffer", 4194304), false, "-Djute.maxbuffer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsOneLineWithTheFix(String name, BiConsumer<ZooCfg, Path> mutate, boolean error, String... expected)
            throws IOException {
        ZooCfg cfg = valid();
        assertEquals(List.of(), new ConfigValidator(false, false).validate(cfg), "the base config is clean");
        mutate.accept(cfg, dir);
        List<Problem> problems = new ConfigValidator(false, false).validate(cfg);
        Problem p = problems.stream().filter(x -> x.message().contains(expected[0])).findFirst()
                .orElseThrow(() -> new AssertionError(name + ": no problem mentions '" + expected[0] + "' in " + problems));
        for (String e : expected) {
            assertTrue(p.message().contains(e), p.message());
        }
        assertEquals(error, p.isError(), p.toString());
        assertFalse(p.message().contains("\n"), "one line: " + p);
        assertTrue(p.message().contains(":"), "names the fix after a colon: " + p);
    }

    @Test
    void busyPortIsReported() throws IOException {
        ZooCfg cfg = valid();
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            cfg.put("clientPort", busy.getLocalPort());
            List<Problem> problems = new ConfigValidator(true, false).validate(cfg);
            assertTrue(problems.stream().anyMatch(p -> p.isError()
                    && p.message().startsWith("clientPort " + busy.getLocalPort() + " is already in use")), problems.toString());
        }
    }

    @Test
    void duplicateKeysAndNonPairsAreReported() throws IOException {
        Path f = dir.resolve("zoo.cfg");
        Files.writeString(f, "tickTime=2000\ntickTime=3000\nthis is not a pair\n");
        List<String> problems = ZooCfg.read(f).parseProblems();
        assertEquals(2, problems.size(), problems.toString());
    }

    @Test
    void allowUnknownKeysTurnsTheErrorIntoAWarning() throws IOException {
        ZooCfg cfg = valid().put("someVendorKnob", 1);
        assertTrue(new ConfigValidator(false, true).validate(cfg).stream().noneMatch(Problem::isError));
    }

    private static Arguments c(String name, BiConsumer<ZooCfg, Path> mutate, boolean error, String... expected) {
        return Arguments.of(name, mutate, error, expected);
    }

    private static void delete(Path p) {
        try {
            Files.delete(p);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static void write(Path p, String s) {
        try {
            Files.writeString(p, s);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
