package io.hakeeper.quorum;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.core.zk.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * {@code hakeeper quorum dev}: a real ZooKeeper ensemble on 127.0.0.1, each member its own OS process running
 * {@link QuorumServerMain} with hakeeper's defaults, so a member can be killed -9, stopped and restarted like a
 * real server. Ports and data are kept in the directory, so a restart finds the same ensemble and its data.
 * The constructor does no I/O; {@link #close()} stops every member by PID and is idempotent.
 */
public final class DevEnsemble implements AutoCloseable {
    public static final String LAYOUT_FILE = "ensemble.properties";
    public static final String CONNECT_FILE = "connect-string";
    private static final List<String> MEMBER_JVM = List.of("-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true");

    /** One member: its ports, directories and process. */
    public record Member(int id, boolean observer, int clientPort, int quorumPort, int electionPort, int adminPort,
                         int metricsPort, Path dir, JavaProcess process) {
        public Path config() {
            return dir.resolve("zoo.cfg");
        }

        public Path logDir() {
            return dir.resolve("logs");
        }

        public String address() {
            return "127.0.0.1:" + clientPort;
        }
    }

    private final int size;
    private final int observers;
    private final boolean tls;
    private final Path dir;
    private final List<Member> members = new ArrayList<>();
    private DevCertificates certificates;
    private StatusProbe probe;
    private boolean started;
    private boolean closed;
    private String memberHeap = "256m";

    public DevEnsemble(int size, int observers, boolean tls, Path dir) {
        if (size < 1 || observers < 0) {
            throw HakeeperException.config("an ensemble needs --size of at least 1 and --observers of at least 0");
        }
        if (observers > 0 && size < 2) {
            throw HakeeperException.config("observers need a quorum of at least 2 voters: use --size 3 with --observers");
        }
        this.size = size;
        this.observers = observers;
        this.tls = tls;
        this.dir = dir.toAbsolutePath();
    }

    /** Each member's maximum heap ({@code -Xmx}, default 256m): benchmarks that load much data want more. */
    public synchronized DevEnsemble memberHeap(String xmx) {
        if (started) {
            throw new IllegalStateException("set the member heap before start()");
        }
        this.memberHeap = xmx;
        return this;
    }

    /** Lays out (or finds) the ensemble, starts every member, and waits until it has a quorum. */
    public synchronized DevEnsemble start(Duration deadline) throws IOException {
        if (started) {
            throw new IllegalStateException("dev ensemble in " + dir + " already started");
        }
        started = true;
        Files.createDirectories(dir);
        if (tls) {
            certificates = DevCertificates.ensure(dir.resolve("tls"), "hakeeper dev CA");
        }
        layOut();
        for (Member m : members) {
            m.process().start();
        }
        awaitQuorum(deadline);
        Files.writeString(dir.resolve(CONNECT_FILE), connectString() + "\n", StandardCharsets.UTF_8);
        return this;
    }

    public String connectString() {
        return members.stream().map(Member::address).collect(Collectors.joining(","));
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    public Member member(int id) {
        return members.stream().filter(m -> m.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + id));
    }

    public Path dir() {
        return dir;
    }

    /** What a client needs to connect to a TLS ensemble (null without TLS). */
    public TlsSettings clientTls() {
        return certificates == null ? null : certificates.clientSettings();
    }

    public DevCertificates certificates() {
        return certificates;
    }

    /** Asks members for {@code srvr}, over TLS when the ensemble uses it. */
    public synchronized StatusProbe probe() {
        if (probe == null) {
            probe = new StatusProbe(TlsContext.of(clientTls()), Duration.ofSeconds(2));
        }
        return probe;
    }

    public List<ServerStatus> status() {
        return members.stream().map(m -> probe().probe("127.0.0.1", m.clientPort())).toList();
    }

    /** The id of the member that reports {@code leader}, or -1. */
    public int leaderId() {
        for (Member m : members) {
            if (probe().probe("127.0.0.1", m.clientPort()).mode().equals("leader")) {
                return m.id();
            }
        }
        return -1;
    }

    public void kill9(int id) {
        member(id).process().kill9();
    }

    public void restart(int id) throws IOException {
        Member m = member(id);
        m.process().terminate(Duration.ofSeconds(10));
        m.process().start();
    }

    /** Waits until a leader exists and every live member serves, or fails with the dead members' last log lines. */
    public void awaitQuorum(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<ServerStatus> rows = new ArrayList<>();
            boolean allLiveServe = true;
            for (Member m : members) {
                if (!m.process().isAlive()) {
                    continue;
                }
                ServerStatus s = probe().probe("127.0.0.1", m.clientPort());
                rows.add(s);
                allLiveServe &= s.serving();
            }
            if (allLiveServe && StatusProbe.hasQuorum(rows)) {
                return;
            }
            List<Member> dead = members.stream().filter(m -> !m.process().isAlive()).toList();
            if (dead.size() == members.size() || System.nanoTime() > end) {
                String why = dead.isEmpty() ? "" : "; " + dead.stream().map(this::deathNote).collect(Collectors.joining("; "));
                String when = dead.size() == members.size() ? ": every member exited" : " after " + deadline.toSeconds() + " s";
                throw new HakeeperException(ExitCode.UNREACHABLE, "the dev ensemble in " + dir + " has no quorum" + when + why);
            }
            sleep(200);
        }
    }

    private String deathNote(Member m) {
        String tail = "";
        try {
            List<String> lines = Files.readAllLines(m.process().logFile(), StandardCharsets.UTF_8);
            // our own one-line error if the member wrote one, else the exception that killed it
            tail = lines.stream().filter(l -> l.startsWith("error:")).findFirst()
                    .or(() -> lines.stream().filter(l -> !l.startsWith("\t") && (l.contains("Exception") || l.contains("Error")))
                            .reduce((first, second) -> second))
                    .orElse(lines.isEmpty() ? "" : lines.get(lines.size() - 1));
        } catch (IOException ignored) {
            // the note is best effort; the path to the log is given either way
        }
        return "member " + m.id() + " exited (" + tail + ", see " + m.process().logFile() + ")";
    }

    private void layOut() throws IOException {
        Path layoutFile = dir.resolve(LAYOUT_FILE);
        Properties layout = new Properties();
        if (Files.exists(layoutFile)) {
            try (InputStream in = Files.newInputStream(layoutFile)) {
                layout.load(in);
            }
            String expected = size + "/" + observers + "/" + tls;
            String found = layout.getProperty("size") + "/" + layout.getProperty("observers") + "/" + layout.getProperty("tls");
            if (!expected.equals(found)) {
                throw new HakeeperException(ExitCode.CONFLICT, dir + " holds a dev ensemble of size/observers/tls " + found
                        + ", not " + expected + ": start it with the same options, or use another --dir");
            }
        } else {
            layout.setProperty("size", Integer.toString(size));
            layout.setProperty("observers", Integer.toString(observers));
            layout.setProperty("tls", Boolean.toString(tls));
            // One reservation for every member: ports held open together are distinct. Five per member taken in
            // separate calls could repeat (a clean-clone CI run saw two members given the same quorum port).
            int[] all = FreePorts.reserve(5 * (size + observers));
            for (int id = 1; id <= size + observers; id++) {
                layout.setProperty("member." + id + ".ports", Arrays.stream(all, 5 * (id - 1), 5 * id)
                        .mapToObj(Integer::toString).collect(Collectors.joining(",")));
            }
            try (OutputStream out = Files.newOutputStream(layoutFile)) {
                layout.store(out, "hakeeper dev ensemble: ports are kept so a restart finds the same members");
            }
        }
        List<ServerEntry> servers = new ArrayList<>();
        List<int[]> ports = new ArrayList<>();
        for (int id = 1; id <= size + observers; id++) {
            int[] p = parsePorts(layout.getProperty("member." + id + ".ports"), layoutFile);
            ports.add(p);
            servers.add(new ServerEntry(id, "127.0.0.1", p[1], p[2], id > size));
        }
        for (int id = 1; id <= servers.size(); id++) {
            int[] p = ports.get(id - 1);
            Path memberDir = dir.resolve("member-" + id);
            MemberSpec spec = new MemberSpec(id, servers, memberDir.resolve("data"), p[0], p[3], p[4], "127.0.0.1",
                    tls ? certificates.serverFiles() : null, null, false);
            // every client of a dev ensemble comes from 127.0.0.1: ZooKeeper's default cap of 60 connections per
            // address would stop a local fleet of agents (production members keep the cap)
            spec.toZooCfg().put("maxClientCnxns", 0).write(memberDir.resolve("zoo.cfg"), "hakeeper dev ensemble member " + id);
            Files.createDirectories(spec.dataDir());
            if (!spec.standalone()) {
                Files.writeString(spec.dataDir().resolve("myid"), id + "\n", StandardCharsets.UTF_8);
            }
            List<String> jvm = new java.util.ArrayList<>(MEMBER_JVM);
            jvm.add(0, "-Xmx" + memberHeap);
            JavaProcess process = JavaProcess.of("zk-" + id, QuorumServerMain.class.getName(), jvm,
                    List.of("--config", memberDir.resolve("zoo.cfg").toString(), "--log-dir", memberDir.resolve("logs").toString(),
                            "--exit-with-parent", Long.toString(ProcessHandle.current().pid())),
                    memberDir.resolve("logs").resolve("stdout.log"));
            members.add(new Member(id, id > size, p[0], p[1], p[2], p[3], p[4], memberDir, process));
        }
    }

    private static int[] parsePorts(String value, Path layoutFile) {
        try {
            String[] f = value.split(",");
            int[] p = new int[5];
            for (int i = 0; i < 5; i++) {
                p[i] = Integer.parseInt(f[i].trim());
            }
            return p;
        } catch (RuntimeException e) {
            throw HakeeperException.config(layoutFile + " is damaged (member ports '" + value + "'): delete the directory"
                    + " to start a fresh ensemble");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HakeeperException(ExitCode.INTERRUPTED, "interrupted while waiting for the dev ensemble");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Member m : members) {
            m.process().close();
        }
        try {
            // a stopped ensemble must not stay the default quorum of other commands
            Files.deleteIfExists(dir.resolve(CONNECT_FILE));
        } catch (IOException ignored) {
            // nothing to lose: the next start writes it again
        }
    }
}
