package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every daemon's systemd unit (scripts/systemd, shipped in the tarball) is one systemd accepts and one hakeeper
 * accepts. systemd: {@code systemd-analyze verify} on a root of its own (this machine's unit library, the unpacked
 * tarball at /opt/hakeeper, the units in /etc/systemd/system), with no complaint at all, warnings included (it found
 * an Environment= value with unquoted spaces). hakeeper: each ExecStart's command line, with the unit's default
 * environment and an instance name put in, parses as a real {@code hakeeper} command line. Needs systemd-analyze
 * (Debian's systemd package; .ci/run installs it): without it this fails, it does not skip.
 */
class SystemdUnitsIT {
    private static final Path UNITS = Path.of("..", "scripts", "systemd");

    /** The daemons, and the instance a template unit is checked with. */
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("hakeeper-zookeeper.service", "hakeeper-zookeeper.service");
        EXPECTED.put("hakeeper-zkfc@.service", "hakeeper-zkfc@nn1.service");
        EXPECTED.put("hakeeper-hbase-rs-guard.service", "hakeeper-hbase-rs-guard.service");
        EXPECTED.put("hakeeper-hbase-master-agent.service", "hakeeper-hbase-master-agent.service");
        EXPECTED.put("hakeeper-kafka-broker-agent@.service", "hakeeper-kafka-broker-agent@1.service");
    }

    @TempDir
    Path root;

    @Test
    void systemdAcceptsEveryUnitWithoutAWarning() throws Exception {
        assertEquals(0, exec(List.of("sh", "-c", "command -v systemd-analyze")).code, "systemd-analyze is installed (apt-get install systemd)");
        Files.createDirectories(root.resolve("usr/lib/systemd"));
        Path library = Path.of("/usr/lib/systemd/system");
        assertTrue(Files.isDirectory(library), "this machine's unit library: " + library);
        assertEquals(0, exec(List.of("cp", "-r", library.toString(), root.resolve("usr/lib/systemd").toString())).code);
        Path tarball = Path.of(System.getProperty("hakeeper.dist"));
        Files.createDirectories(root.resolve("opt"));
        assertEquals(0, exec(List.of("tar", "xzf", tarball.toString(), "-C", root.resolve("opt").toString())).code);
        try (var entries = Files.list(root.resolve("opt"))) {
            Files.move(entries.filter(p -> p.getFileName().toString().startsWith("hakeeper-")).findFirst().orElseThrow(),
                    root.resolve("opt/hakeeper"));
        }
        Path shipped = root.resolve("opt/hakeeper/systemd");
        for (String unit : EXPECTED.keySet()) {
            assertTrue(Files.isRegularFile(shipped.resolve(unit)), "the tarball ships " + unit);
        }
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        for (String unit : EXPECTED.keySet()) {
            Files.copy(shipped.resolve(unit), etc.resolve(unit));
        }
        List<String> table = new ArrayList<>();
        for (String instance : EXPECTED.values()) {
            Result r = exec(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root, instance));
            table.add(String.format("%-42s exit %d %s", instance, r.code, r.output.isBlank() ? "clean" : r.output.strip()));
            assertEquals(0, r.code, instance + ": " + r.output);
            assertEquals("", r.output.strip(), instance + ": systemd-analyze complained");
        }
        System.out.println(String.join("\n", table));
    }

    @Test
    void everyDaemonIsInstalledAsAServiceAndItsCommandLineParses() throws Exception {
        List<String> found;
        try (var entries = Files.list(UNITS)) {
            found = entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".service")).sorted().toList();
        }
        assertEquals(EXPECTED.keySet().stream().sorted().toList(), found, "a unit for every daemon, and only those");
        for (String unit : found) {
            String text = Files.readString(UNITS.resolve(unit), StandardCharsets.UTF_8);
            Map<String, String> env = environment(text);
            String instance = EXPECTED.get(unit).contains("@") ? EXPECTED.get(unit).replaceAll(".*@(.*)\\.service", "$1") : "";
            assertTrue(text.contains("Restart=on-failure"), unit);
            assertTrue(text.matches("(?s).*RestartPreventExitStatus=[0-9 ]*\\b3\\b.*"), unit + ": a configuration error (3) is not restarted");
            for (String line : text.lines().filter(l -> l.startsWith("ExecStart=") || l.startsWith("ExecStartPre=")).toList()) {
                List<String> argv = commandLine(line.substring(line.indexOf('=') + 1), env, instance);
                assertEquals("/opt/hakeeper/bin/hakeeper", argv.get(0), unit + ": " + line);
                List<String> args = argv.subList(1, argv.size());
                try {
                    new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
                } catch (CommandLine.ParameterException e) {
                    fail(unit + ": `hakeeper " + String.join(" ", args) + "` does not parse: " + e.getMessage());
                }
            }
        }
    }

    /** The unit's Environment= defaults (quoted or not), as systemd reads them. */
    private static Map<String, String> environment(String unit) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^Environment=(\"?)([A-Z_]+)=(.*?)\\1$").matcher(unit);
        while (m.find()) {
            env.put(m.group(2), m.group(3));
        }
        return env;
    }

    /** An Exec line's argv as systemd builds it: ${VAR} is one word, %i the instance. */
    private static List<String> commandLine(String exec, Map<String, String> env, String instance) {
        List<String> argv = new ArrayList<>();
        for (String word : exec.strip().split("\\s+")) {
            String w = word.replace("%i", instance);
            Matcher m = Pattern.compile("\\$\\{([A-Z_]+)}").matcher(w);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                assertTrue(env.containsKey(m.group(1)), "${" + m.group(1) + "} has a default in the unit");
                m.appendReplacement(sb, Matcher.quoteReplacement(env.get(m.group(1))));
            }
            m.appendTail(sb);
            argv.add(sb.toString());
        }
        return argv;
    }

    private record Result(int code, String output) {
    }

    /** Runs a command with its output in a file (so the deadline holds however much it prints), stopped by PID after 60 s. */
    private static Result exec(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("systemd-units", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
