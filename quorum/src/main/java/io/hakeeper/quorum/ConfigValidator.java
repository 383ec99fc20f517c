package io.hakeeper.quorum;

import io.hakeeper.core.error.HakeeperException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a zoo.cfg before ZooKeeper sees it, because ZooKeeper's own reaction to most mistakes is a stack trace,
 * a silent default, or a server that starts and never forms a quorum. Every problem is one line with its fix.
 */
public final class ConfigValidator {
    /** Session timeouts well-known clients ask for by default; a bound that cuts them is worth a warning. */
    private static final Map<String, Integer> CLIENT_DEFAULT_TIMEOUTS = new LinkedHashMap<>();

    static {
        CLIENT_DEFAULT_TIMEOUTS.put("Hadoop's ha.zookeeper.session-timeout.ms", 10_000);
        CLIENT_DEFAULT_TIMEOUTS.put("Kafka's zookeeper.session.timeout.ms", 18_000);
        CLIENT_DEFAULT_TIMEOUTS.put("HBase's zookeeper.session.timeout", 90_000);
    }

    private final boolean checkBusyPorts;
    private final boolean allowUnknownKeys;

    public ConfigValidator(boolean checkBusyPorts, boolean allowUnknownKeys) {
        this.checkBusyPorts = checkBusyPorts;
        this.allowUnknownKeys = allowUnknownKeys;
    }

    public List<Problem> validate(ZooCfg cfg) {
        return validate(cfg, null);
    }

    /**
     * @param pendingMyid the id about to be written to myid (by {@code quorum init}), checked in place of the file;
     *                    null to read dataDir/myid
     */
    public List<Problem> validate(ZooCfg cfg, Integer pendingMyid) {
        List<Problem> problems = new ArrayList<>();
        cfg.parseProblems().forEach(p -> problems.add(Problem.error(p)));
        try {
            checkKeys(cfg, problems);
            checkDataDirs(cfg, problems);
            checkTicksAndTimeouts(cfg, problems);
            Optional<ServerEntry> self = checkMembership(cfg, pendingMyid, problems);
            checkPorts(cfg, self, problems);
            checkTls(cfg, problems);
        } catch (HakeeperException e) {
            // a value so malformed that the checks after it cannot run (a non-numeric port, a bad server line)
            problems.add(Problem.error(e.getMessage()));
        }
        return problems;
    }

    private void checkKeys(ZooCfg cfg, List<Problem> problems) {
        for (String key : cfg.entries().keySet()) {
            if (!KnownKeys.isKnown(key)) {
                String hint = KnownKeys.suggestion(key).map(s -> " (did you mean '" + s + "'?)").orElse("");
                String msg = "unknown key '" + key + "'" + hint + ": ZooKeeper would silently ignore it; fix the spelling"
                        + " or remove it" + (allowUnknownKeys ? "" : " (or pass --allow-unknown-keys if it is a ZooKeeper"
                        + " system property we do not list)");
                problems.add(allowUnknownKeys ? Problem.warning(msg) : Problem.error(msg));
            }
        }
        if (cfg.has("jute.maxbuffer")) {
            problems.add(Problem.warning("jute.maxbuffer in zoo.cfg does not reach ZooKeeper's buffer limit (it is read"
                    + " from the JVM's -Djute.maxbuffer): set it in the server's JVM options instead, the same on every client"));
        }
    }

    private void checkDataDirs(ZooCfg cfg, List<Problem> problems) {
        if (!cfg.has("dataDir")) {
            problems.add(Problem.error("dataDir is not set: add dataDir=/var/lib/zookeeper (a directory the server can write)"));
            return;
        }
        for (String key : List.of("dataDir", "dataLogDir")) {
            if (cfg.has(key)) {
                Path dir = Path.of(cfg.get(key));
                Path existing = dir;
                while (existing != null && !Files.exists(existing)) {
                    existing = existing.getParent();
                }
                boolean ok = existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
                if (!ok) {
                    problems.add(Problem.error(key + " " + dir + " is not writable by user " + System.getProperty("user.name")
                            + ": create it and give this user write access, or choose another " + key));
                }
            }
        }
    }

    private void checkTicksAndTimeouts(ZooCfg cfg, List<Problem> problems) {
        int tick = cfg.intValue("tickTime").orElse(-1);
        if (tick <= 0) {
            problems.add(Problem.error("tickTime is " + (cfg.has("tickTime") ? "not positive" : "not set")
                    + ": add tickTime=2000 (milliseconds)"));
            return;
        }
        int min = cfg.intValue("minSessionTimeout").orElse(-1);
        int max = cfg.intValue("maxSessionTimeout").orElse(-1);
        min = min < 0 ? 2 * tick : min;
        max = max < 0 ? 20 * tick : max;
        if (min > max) {
            problems.add(Problem.error("minSessionTimeout (" + min + " ms) is above maxSessionTimeout (" + max
                    + " ms): ZooKeeper refuses to start; make min <= max"));
            return;
        }
        for (Map.Entry<String, Integer> c : CLIENT_DEFAULT_TIMEOUTS.entrySet()) {
            if (c.getValue() > max) {
                problems.add(Problem.warning("maxSessionTimeout is " + max + " ms: " + c.getKey() + " default of "
                        + c.getValue() + " ms will be silently cut to " + max + " ms; raise maxSessionTimeout to "
                        + c.getValue() + " if such clients use this quorum"));
            } else if (c.getValue() < min) {
                problems.add(Problem.warning("minSessionTimeout is " + min + " ms: " + c.getKey() + " default of "
                        + c.getValue() + " ms will be silently raised to " + min + " ms, slowing its failure detection;"
                        + " lower minSessionTimeout to " + c.getValue()));
            }
        }
    }

    /** Quorum membership: myid, server lines, observers. Returns this server's own line, if it has one. */
    private Optional<ServerEntry> checkMembership(ZooCfg cfg, Integer pendingMyid, List<Problem> problems) {
        List<ServerEntry> servers = cfg.servers();
        if (servers.isEmpty()) {
            if (!cfg.has("clientPort") && !cfg.has("secureClientPort")) {
                problems.add(Problem.error("neither clientPort nor secureClientPort is set: add clientPort=2181"));
            }
            return Optional.empty(); // standalone
        }
        for (String key : List.of("initLimit", "syncLimit")) {
            if (cfg.intValue(key).orElse(0) <= 0) {
                problems.add(Problem.error(key + " is not set for a quorum: add " + key + "=" + (key.equals("initLimit") ? 10 : 5)
                        + " (ticks)"));
            }
        }
        long voters = servers.stream().filter(s -> !s.observer()).count();
        if (voters % 2 == 0) {
            problems.add(Problem.warning(voters + " voting members survive no more failures than " + (voters - 1)
                    + ": use an odd number of voters (make one an observer, or add one)"));
        }
        Map<String, ServerEntry> seen = new HashMap<>();
        for (ServerEntry s : servers) {
            for (int port : new int[] {s.quorumPort(), s.electionPort()}) {
                ServerEntry other = seen.put(s.host() + ":" + port, s);
                if (other != null) {
                    problems.add(Problem.error("server." + s.id() + " and server." + other.id() + " both use " + s.host() + ":"
                            + port + ": every server needs its own quorum and election ports on a shared host"));
                }
            }
        }
        if (!cfg.has("clientPort") && !cfg.has("secureClientPort")) {
            problems.add(Problem.error("neither clientPort nor secureClientPort is set: add clientPort=2181"));
        }
        if (!cfg.has("dataDir")) {
            return Optional.empty();
        }
        Path myidFile = Path.of(cfg.get("dataDir"), "myid");
        Integer myid = pendingMyid != null ? pendingMyid : readMyid(myidFile, servers, problems);
        if (myid == null) {
            return Optional.empty();
        }
        Optional<ServerEntry> self = servers.stream().filter(s -> s.id() == myid).findFirst();
        if (self.isEmpty()) {
            problems.add(Problem.error(myidFile + " says " + myid + " but there is no server." + myid + " line: fix myid to one of "
                    + servers.stream().map(ServerEntry::id).toList() + " or add the line"));
            return self;
        }
        boolean observerPeer = "observer".equals(cfg.get("peerType"));
        if (observerPeer != self.get().observer()) {
            problems.add(Problem.error("server." + myid + " is " + (self.get().observer() ? "an observer" : "a voter")
                    + " in the server list but peerType is " + (observerPeer ? "observer" : "not observer")
                    + ": make both say the same (peerType=observer goes with :observer)"));
        }
        return self;
    }

    private static Integer readMyid(Path myidFile, List<ServerEntry> servers, List<Problem> problems) {
        if (!Files.isRegularFile(myidFile)) {
            problems.add(Problem.error("missing " + myidFile + ": write this server's id into it (one of "
                    + servers.stream().map(ServerEntry::id).toList() + "), e.g. with `hakeeper quorum init --id N`"));
            return null;
        }
        try {
            return Integer.parseInt(Files.readString(myidFile, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            problems.add(Problem.error(myidFile + " does not hold a server id: write just the number, e.g. 1"));
            return null;
        }
    }

    private void checkPorts(ZooCfg cfg, Optional<ServerEntry> self, List<Problem> problems) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        cfg.intValue("clientPort").ifPresent(p -> ports.put("clientPort", p));
        cfg.intValue("secureClientPort").ifPresent(p -> ports.put("secureClientPort", p));
        self.ifPresent(s -> {
            ports.put("quorum port of server." + s.id(), s.quorumPort());
            ports.put("election port of server." + s.id(), s.electionPort());
        });
        if (!"false".equals(cfg.get("admin.enableServer"))) {
            ports.put("admin.serverPort", cfg.intValue("admin.serverPort").orElse(8080));
        }
        if (cfg.has("metricsProvider.className")) {
            ports.put("metricsProvider.httpPort", cfg.intValue("metricsProvider.httpPort").orElse(7000));
        }
        Map<Integer, String> byPort = new HashMap<>();
        for (Map.Entry<String, Integer> e : ports.entrySet()) {
            String other = byPort.put(e.getValue(), e.getKey());
            if (other != null) {
                problems.add(Problem.error(e.getKey() + " and " + other + " are both " + e.getValue()
                        + ": give each its own port"));
            } else if (checkBusyPorts && isBusy(e.getValue())) {
                problems.add(Problem.error(e.getKey() + " " + e.getValue() + " is already in use on this host: stop what"
                        + " listens there (`ss -ltnp 'sport = :" + e.getValue() + "'`) or choose another port"));
            }
        }
    }

    private static boolean isBusy(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as ZooKeeper binds: a socket in TIME_WAIT is not "in use"
            s.bind(new InetSocketAddress(port));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private void checkTls(ZooCfg cfg, List<Problem> problems) {
        boolean netty = "org.apache.zookeeper.server.NettyServerCnxnFactory".equals(cfg.get("serverCnxnFactory"));
        if (cfg.has("secureClientPort") && !netty) {
            problems.add(Problem.error("secureClientPort needs the Netty connection factory: add"
                    + " serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory"));
        }
        if (cfg.has("secureClientPort") && !cfg.has("ssl.keyStore.location")) {
            problems.add(Problem.error("secureClientPort is set but ssl.keyStore.location is not: name the server's keystore"));
        }
        if ("true".equals(cfg.get("sslQuorum")) && !cfg.has("ssl.quorum.keyStore.location")) {
            problems.add(Problem.error("sslQuorum=true but ssl.quorum.keyStore.location is not set: name the keystore"
                    + " the servers use between themselves"));
        }
        for (String key : List.of("ssl.keyStore.location", "ssl.trustStore.location", "ssl.quorum.keyStore.location",
                "ssl.quorum.trustStore.location", "ssl.keyStore.passwordPath", "ssl.trustStore.passwordPath")) {
            if (cfg.has(key) && !Files.isReadable(Path.of(cfg.get(key)))) {
                problems.add(Problem.error(key + " " + cfg.get(key) + " is not a readable file: fix the path or the"
                        + " file's permissions"));
            }
        }
    }
}
