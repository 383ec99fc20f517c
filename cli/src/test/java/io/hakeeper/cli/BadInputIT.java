package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.zk.ZkSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command and subcommand of {@code hakeeper --help}, run as a user runs it (the real main, a JVM of its own,
 * a real ZooKeeper where one is needed), with each kind of bad input that applies to it. Each row must end with its
 * documented exit code and exactly one line on stderr that names what is wrong (log records of a daemon aside: they
 * carry a timestamp), no stack trace; and nothing may be written: the whole znode tree and the scratch folder are
 * compared before and after every row. The table of outcomes is printed, so a reader sees the whole surface at once.
 */
class BadInputIT {
    static TestingServer server;
    static String connect;
    static int closedPort;
    @TempDir
    static Path dir;
    static Path noDevEnsemble;

    /** One bad invocation: why it is bad, the arguments, the exit code it must end with, a word the error must name. */
    record Row(String command, String input, List<String> args, int code, String names) {
    }

    /** What one row did. */
    record Outcome(Row row, int code, List<String> errorLines, String problem) {
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestingServer(true);
        connect = "127.0.0.1:" + server.getPort();
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort(); // nothing listens here once closed
        }
        noDevEnsemble = Files.createDirectories(dir.resolve("no-dev-ensemble"));
        try (CuratorFramework c = ZkSettings.builder(connect).build().connect()) {
            String digest = DigestAuthenticationProvider.generateDigest("alice:right");
            c.create().withACL(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)))).forPath("/secret", "x".getBytes());
            c.create().creatingParentsIfNeeded().forPath("/corrupt-hbase/master", "not hbase bytes".getBytes());
            c.create().creatingParentsIfNeeded().forPath("/corrupt-kafka/brokers/ids/1", "{not json".getBytes());
            c.create().creatingParentsIfNeeded().forPath("/corrupt-rm/ZKRMStateRoot/RMVersionNode", new byte[] {1, 2, 3});
            c.create().creatingParentsIfNeeded().forPath("/kafka/brokers/topics");
        }
        write("garbage.xml", "<configuration><property><name>x</name>");
        write("garbage.cfg", "tickTime=often\ndataDir\n");
        write("garbage.jaas", "Client { this is not a login module");
        write("no-auto-failover.properties", ha(false));
        write("ha.properties", ha(true));
        write("password", "secret\n");
    }

    /** A nameservice ns1 of two masters that nobody runs, on our ZooKeeper. */
    static String ha(boolean automatic) {
        return "ha.zookeeper.quorum=" + connect + "\ndfs.nameservices=ns1\ndfs.ha.namenodes.ns1=nn1,nn2\n"
                + "dfs.ha.automatic-failover.enabled=" + automatic + "\ndfs.ha.fencing.methods=shell(/bin/true)\n"
                + "dfs.namenode.rpc-address.ns1.nn1=127.0.0.1:" + closedPort + "\n"
                + "dfs.namenode.rpc-address.ns1.nn2=127.0.0.1:" + closedPort + "\n";
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    static String f(String name) {
        return dir.resolve(name).toString();
    }

    // ---- the table --------------------------------------------------------------------------------------------

    /** Rows made for every leaf command from its own definition: an unknown option, nothing given, a bad number. */
    static List<Row> generatedRows() {
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, CommandLine> leaf : leaves(new CommandLine(new Main()), "").entrySet()) {
            List<String> path = List.of(leaf.getKey().split(" "));
            CommandLine.Model.CommandSpec spec = leaf.getValue().getCommandSpec();
            rows.add(new Row(leaf.getKey(), "unknown option", plus(path, "--no-such-option"), 2, "--no-such-option"));
            String required = firstRequired(spec);
            if (required != null) {
                rows.add(new Row(leaf.getKey(), "missing argument", path, 2, required));
            }
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                if (isNumber(o.type())) {
                    rows.add(new Row(leaf.getKey(), "malformed number", plus(path, o.longestName(), "twelve"), 2, o.longestName()));
                    break;
                }
            }
        }
        return rows;
    }

    /** Rows written by hand: files, addresses, the quorum, credentials, data, sizes and ports. */
    static List<Row> handRows() throws IOException {
        String cs = "--connect=" + connect;
        String unreachable = "--connect=127.0.0.1:" + closedPort;
        String fast = "--connect-timeout=1500";
        List<Row> rows = new ArrayList<>(List.of(
                // malformed address
                row("zk ls", "malformed address", 2, "notaport", "zk", "ls", "/", "--connect=127.0.0.1:notaport"),
                row("quorum init", "malformed address", 2, "300.1.1.1", "quorum", "init", "--id=1",
                        "--servers=127.0.0.1:2888:3888", "--data-dir=" + f("init-data"), "--bind=300.1.1.1"),
                row("quorum init", "malformed address", 2, "--servers", "quorum", "init", "--id=1", "--servers=nohostport",
                        "--data-dir=" + f("init-data")),
                row("kafka broker-agent", "malformed address", 2, "--listener", "kafka", "broker-agent", "--id=1",
                        "--listener=nonsense", cs),
                row("hbase rs-guard", "malformed address", 2, "--server", "hbase", "rs-guard", "--server=justahost", "--dry-run", cs),
                row("hbase rs-agent", "malformed address", 2, "--server", "hbase", "rs-agent", "--server=h,notaport,1", cs),
                row("sample-master", "malformed address", 2, "--host", "sample-master", "--id=a", "--port=0", "--host=no such host!"),
                // unreadable file
                row("zkfc", "unreadable file", 3, "/nonexistent/hdfs-site.xml", "zkfc", "--config=/nonexistent/hdfs-site.xml"),
                row("haadmin", "unreadable file", 3, "/nonexistent/hdfs-site.xml", "haadmin",
                        "--config=/nonexistent/hdfs-site.xml", "-getAllServiceState"),
                row("quorum start", "unreadable file", 3, "/nonexistent/zoo.cfg", "quorum", "start", "--config=/nonexistent/zoo.cfg"),
                row("zk get", "unreadable file", 3, "/nonexistent/jaas.conf", "zk", "get", "/", cs, "--jaas=/nonexistent/jaas.conf"),
                row("zk stat", "unreadable file", 3, "/nonexistent/password", "zk", "stat", "/", cs,
                        "--tls-truststore=" + f("password"), "--tls-password-file=/nonexistent/password"),
                row("quorum init", "unreadable file", 3, "/nonexistent/super", "quorum", "init", "--id=1",
                        "--servers=127.0.0.1:2888:3888", "--data-dir=" + f("init-data"), "--super-password-file=/nonexistent/super"),
                row("hbase rs-guard", "unreadable file", 3, "/nonexistent/hbase-site.xml", "hbase", "rs-guard",
                        "--server=h,16020", "--hbase-site=/nonexistent/hbase-site.xml", cs, "--dry-run"),
                row("kafka status", "unreadable file", 3, "/nonexistent/acl", "kafka", "status", cs, "--acl=@/nonexistent/acl"),
                // malformed file
                row("zkfc", "malformed site XML", 3, "garbage.xml", "zkfc", "--config=" + f("garbage.xml")),
                row("haadmin", "malformed site XML", 3, "garbage.xml", "haadmin", "--config=" + f("garbage.xml"), "-getAllServiceState"),
                row("quorum start", "malformed zoo.cfg", 3, "garbage.cfg", "quorum", "start", "--config=" + f("garbage.cfg"), "--check"),
                row("zk tree", "malformed JAAS", 3, "garbage.jaas", "zk", "tree", "/", cs, "--jaas=" + f("garbage.jaas")),
                row("rm store ls", "malformed ACL spec", 3, "nonsense", "rm", "store", "ls", cs, "--acl=nonsense"),
                row("kafka topics", "malformed topic config", 2, "--config", "kafka", "topics", "--create", "--topic=t",
                        "--partitions=1", "--replication-factor=1", "--config=novalue", cs + "/kafka"),
                row("zkfc", "configuration refused", 3, "dfs.ha.automatic-failover.enabled", "zkfc",
                        "--config=" + f("no-auto-failover.properties"), "--node=nn1"),
                // unknown nameservice or node
                row("haadmin", "unknown nameservice", 3, "nope", "haadmin", "--config=" + f("ha.properties"), "--nameservice=nope",
                        "-getAllServiceState"),
                row("haadmin", "unknown node", 7, "nn9", "haadmin", "--config=" + f("ha.properties"), "-getServiceState", "nn9"),
                row("zkfc", "unknown node", 3, "nn9", "zkfc", "--config=" + f("ha.properties"), "--node=nn9"),
                // unreachable quorum, and none given
                row("zk ls", "no quorum given", 3, "--connect", "zk", "ls", "/"),
                row("zk ls", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "zk", "ls", "/", unreachable, fast),
                row("quorum status", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "quorum", "status", unreachable, fast),
                row("kafka status", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "kafka", "status", unreachable, fast),
                row("kafka topics", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "kafka", "topics", "--list", unreachable, fast),
                row("kafka consumer-groups", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "kafka", "consumer-groups",
                        "--list", unreachable, fast),
                row("kafka shutdown-broker", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "kafka", "shutdown-broker", "1",
                        unreachable, fast),
                row("hbase status", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "hbase", "status", unreachable, fast),
                row("rm store ls", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "rm", "store", "ls", unreachable, fast),
                row("rm store format", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "rm", "store", "format",
                        "--cluster=c", unreachable, fast),
                row("rm demo-master", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "rm", "demo-master", "--id=rm1",
                        unreachable, fast),
                row("hbase master-agent", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "hbase", "master-agent",
                        "--server=h,16000,1", unreachable, fast),
                row("hbase rs-agent", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "hbase", "rs-agent",
                        "--server=h,16020,1", unreachable, fast),
                row("hbase rs-guard", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "hbase", "rs-guard",
                        "--server=h,16020", "--dry-run", unreachable, fast),
                row("kafka broker-agent", "unreachable quorum", 4, "127.0.0.1:" + closedPort, "kafka", "broker-agent", "--id=1",
                        "--listener=PLAINTEXT://h:9092", unreachable, fast),
                row("haadmin", "unreachable controller", 4, "nn1", "haadmin", "--config=" + f("ha.properties"), "-getServiceState",
                        "nn1", "--timeout=1500"),
                // wrong credentials, an ACL that denies us
                row("zk get", "wrong credentials", 5, "/secret", "zk", "get", "/secret", cs, "--auth=digest:alice:wrong"),
                row("zk ls", "ACL denies us", 5, "/secret", "zk", "ls", "/secret", cs),
                row("rm store format", "ACL denies us", 5, "/secret", "rm", "store", "format", "--cluster=c",
                        "--parent-path=/secret/rmstore", cs),
                // corrupt or foreign znode data
                row("hbase status", "corrupt znode data", 6, "/corrupt-hbase/master", "hbase", "status",
                        "--znode-parent=/corrupt-hbase", cs),
                row("kafka status", "corrupt znode data", 6, "/brokers/ids/1", "kafka", "status", cs + "/corrupt-kafka"),
                row("rm store ls", "corrupt znode data", 6, "RMVersionNode", "rm", "store", "ls", "--parent-path=/corrupt-rm", cs),
                // what is named does not exist
                row("zk get", "no such znode", 7, "/nope", "zk", "get", "/nope", cs),
                row("kafka topics", "no such topic", 7, "nope", "kafka", "topics", "--describe", "--topic=nope", cs + "/kafka"),
                row("kafka consumer-groups", "no such group", 7, "nope", "kafka", "consumer-groups", "--describe", "--group=nope",
                        cs + "/kafka"),
                row("help", "no such command", 2, "nope", "help", "nope"),
                // out of range or oversize values
                row("kafka topics", "oversize value", 2, "249", "kafka", "topics", "--create", "--topic=" + "t".repeat(250),
                        "--partitions=1", "--replication-factor=1", cs + "/kafka"),
                row("kafka topics", "out-of-range value", 2, "--partitions", "kafka", "topics", "--create", "--topic=t",
                        "--partitions=0", "--replication-factor=1", cs + "/kafka"),
                row("chaos run", "out-of-range value", 2, "--faults", "chaos", "run", "--faults=-1"),
                row("chaos run", "unknown value", 2, "nope", "chaos", "run", "--systems=nope"),
                row("chaos replay", "malformed number", 2, "SEED", "chaos", "replay", "soon"),
                row("demo", "out-of-range value", 2, "--for", "demo", "--for=-5"),
                row("rm demo-master", "unknown value", 2, "nope", "rm", "demo-master", "--id=rm1", "--lab-unsafe=nope", cs),
                row("sample-master", "unknown value", 2, "nope", "sample-master", "--id=a", "--port=0", "--lab-unsafe=nope"),
                row("quorum init", "out-of-range value", 2, "--client-port", "quorum", "init", "--id=1",
                        "--servers=127.0.0.1:2888:3888", "--data-dir=" + f("init-data"), "--client-port=70000"),
                row("quorum dev", "out-of-range value", 2, "--size", "quorum", "dev", "--size=0", "--dir=" + f("dev-data"))));
        // a port in use
        ServerSocket busy = new ServerSocket(0);
        busyPorts.add(busy);
        String port = Integer.toString(busy.getLocalPort());
        rows.add(row("sample-master", "port in use", 3, port, "sample-master", "--id=a", "--port=" + port));
        rows.add(row("hbase rs-guard", "port in use", 3, port, "hbase", "rs-guard", "--server=h,16020", "--dry-run",
                "--admin-port=" + port, cs));
        return rows;
    }

    static final List<ServerSocket> busyPorts = new ArrayList<>();

    static Row row(String command, String input, int code, String names, String... args) {
        return new Row(command, input, List.of(args), code, names);
    }

    // ---- the run ----------------------------------------------------------------------------------------------

    @Test
    void everyCommandMeetsBadInputWithItsCodeOneLineAndNothingWritten() throws Exception {
        List<Row> rows = new ArrayList<>(generatedRows());
        rows.addAll(handRows());
        Set<String> covered = new LinkedHashSet<>();
        rows.forEach(r -> covered.add(r.command()));
        Set<String> commands = leaves(new CommandLine(new Main()), "").keySet();
        Set<String> uncovered = new TreeSet<>(commands);
        uncovered.removeAll(covered);
        assertEquals(Set.of(), uncovered, "every command of hakeeper --help has rows");
        for (Row r : rows) {
            assertTrue(commands.contains(r.command()), "a row for a command that does not exist: " + r);
        }

        List<Outcome> outcomes = new ArrayList<>();
        // two rows at a time (a JVM start is most of a row): a row that wrote anything is still caught, by its own
        // check or by the one running beside it, and either fails the test
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Outcome>> running = new ArrayList<>();
            for (Row row : rows) {
                running.add(pool.submit(() -> run(row)));
            }
            for (java.util.concurrent.Future<Outcome> f : running) {
                outcomes.add(f.get(5, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
            for (ServerSocket s : busyPorts) {
                s.close();
            }
        }
        StringBuilder table = new StringBuilder(String.format("%n%-24s %-24s %4s %4s  %s%n", "COMMAND", "BAD INPUT", "WANT",
                "GOT", "STDERR (the one line) / PROBLEM"));
        for (Outcome o : outcomes) {
            table.append(String.format("%-24s %-24s %4d %4d  %s%n", o.row().command(), o.row().input(), o.row().code(),
                    o.code(), o.problem() == null ? String.join(" | ", o.errorLines()) : "PROBLEM: " + o.problem()));
        }
        System.out.println(table);
        List<Outcome> bad = outcomes.stream().filter(o -> o.problem() != null).toList();
        assertEquals(List.of(), bad.stream().map(o -> o.row().command() + " / " + o.row().input() + ": " + o.problem()
                + " (args " + o.row().args() + ")").toList(), bad.size() + " of " + outcomes.size() + " rows failed; the table:" + table);
    }

    /** One row in a JVM of its own, as a user runs it; the row's verdict. */
    static Outcome run(Row row) throws Exception {
        Map<String, String> znodesBefore = znodes();
        Map<String, String> filesBefore = files();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(row.args());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("HAKEEPER_DEV_DIR", noDevEnsemble.toString()); // no dev ensemble to fall back on
        pb.directory(dir.toFile());
        Process p = pb.start();
        String err;
        try (var in = p.getErrorStream()) {
            var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "";
                }
            });
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Outcome(row, -1, List.of(), "still running after 60 s (killed)");
            }
            err = reader.get(10, TimeUnit.SECONDS);
        }
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        // a daemon's log records (timestamped) may precede the error; a stack trace may not
        List<String> errorLines = lines.stream().filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList();
        String problem = null;
        if (p.exitValue() != row.code()) {
            problem = "exit " + p.exitValue() + ", not " + row.code() + ": " + String.join(" | ", lines);
        } else if (lines.stream().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread"))) {
            problem = "a stack trace: " + String.join(" | ", lines);
        } else if (errorLines.size() != 1 && !listsProblemsAbove(errorLines)) {
            problem = errorLines.size() + " lines on stderr, not one: " + String.join(" | ", lines);
        } else if (!last(errorLines).startsWith("error: ")) {
            problem = "the line does not begin with \"error: \": " + last(errorLines);
        } else if (!last(errorLines).contains(row.names())) {
            problem = "the line does not name " + row.names() + ": " + last(errorLines);
        } else if (!znodesBefore.equals(znodes())) {
            problem = "the znode tree changed: " + diff(znodesBefore, znodes());
        } else if (!filesBefore.equals(files())) {
            problem = "files changed: " + diff(filesBefore, files());
        }
        return new Outcome(row, p.exitValue(), errorLines, problem);
    }

    /**
     * A configuration checker may list every problem it found, one "error:"/"warning:" line each, so all can be fixed
     * at once; its last line is then the one error line, and says the problems are listed above.
     */
    static boolean listsProblemsAbove(List<String> errorLines) {
        return errorLines.size() > 1 && last(errorLines).contains("listed above") && errorLines.subList(0,
                errorLines.size() - 1).stream().allMatch(l -> l.startsWith("error: ") || l.startsWith("warning: "));
    }

    static String last(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    static Map<String, CommandLine> leaves(CommandLine c, String prefix) {
        Map<String, CommandLine> out = new TreeMap<>();
        if (c.getSubcommands().isEmpty() && !prefix.isEmpty()) {
            out.put(prefix, c);
        }
        c.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name)) { // not an alias
                out.putAll(leaves(sub, (prefix + " " + name).trim()));
            }
        });
        return out;
    }

    static String firstRequired(CommandLine.Model.CommandSpec spec) {
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            if (o.required()) {
                return o.longestName();
            }
        }
        for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
            if (p.arity().min() > 0 && p.defaultValue() == null) {
                return p.paramLabel();
            }
        }
        for (CommandLine.Model.ArgGroupSpec g : spec.argGroups()) {
            if (g.multiplicity().min() > 0 && !g.options().isEmpty()) {
                return g.options().iterator().next().longestName();
            }
        }
        return null;
    }

    static boolean isNumber(Class<?> type) {
        return type == int.class || type == long.class || type == double.class || type == Integer.class
                || type == Long.class || type == Double.class;
    }

    static List<String> plus(List<String> path, String... more) {
        return Stream.concat(path.stream(), Stream.of(more)).toList();
    }

    /** Every znode with a digest of its data and its versions (as the superuser, so that ACLs hide nothing). */
    static Map<String, String> znodes() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (CuratorFramework c = ZkSettings.builder(connect).auth("digest:alice:right").build().connect()) {
            walk(c, "/", out);
        }
        return out;
    }

    static void walk(CuratorFramework c, String path, Map<String, String> out) throws Exception {
        if (path.startsWith("/zookeeper")) {
            return;
        }
        Stat stat = new Stat();
        byte[] data = c.getData().storingStatIn(stat).forPath(path);
        out.put(path, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0] : data))
                .substring(0, 12) + " v" + stat.getVersion() + " cv" + stat.getCversion() + " av" + stat.getAversion());
        for (String child : c.getChildren().forPath(path)) {
            walk(c, path.equals("/") ? "/" + child : path + "/" + child, out);
        }
    }

    static Map<String, String> files() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : Files.size(p) + " bytes, "
                        + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    static String diff(Map<String, String> before, Map<String, String> after) {
        List<String> d = new ArrayList<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                d.add(k + ": " + v + " -> " + after.get(k));
            }
        });
        after.forEach((k, v) -> {
            if (!before.containsKey(k)) {
                d.add(k + ": new");
            }
        });
        return String.join("; ", d);
    }
}
