package io.hakeeper.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The lab's ZooKeeper ensemble: one member per host, each a real {@code hakeeper quorum start} with a real zoo.cfg.
 * tickTime is 500 ms so a session timeout T of a few seconds is inside ZooKeeper's bounds (2 to 20 ticks) and a
 * partitioned follower is dropped within syncLimit (2 s).
 */
final class LabEnsemble {
    static final int CLIENT_PORT = 2181;

    private final Lab lab;
    private final Path dir;
    private final Map<String, LabProcess> members = new LinkedHashMap<>();

    LabEnsemble(Lab lab, Path dir, List<String> hosts) {
        this.lab = lab;
        this.dir = dir;
        for (String h : hosts) {
            members.put(h, new LabProcess(lab, h, h, "zk", List.of("-Xmx128m"),
                    List.of("quorum", "start", "--config", dir.resolve(h).resolve("zoo.cfg").toString(),
                            "--log-dir", dir.resolve(h).resolve("logs").toString()),
                    dir.resolve(h + ".log")));
        }
    }

    void writeConfigs() {
        List<String> hosts = new ArrayList<>(members.keySet());
        try {
            for (int i = 0; i < hosts.size(); i++) {
                Path home = dir.resolve(hosts.get(i));
                Files.createDirectories(home.resolve("data"));
                Files.writeString(home.resolve("data").resolve("myid"), (i + 1) + "\n");
                StringBuilder cfg = new StringBuilder("# the chaos lab's member " + (i + 1) + "\n")
                        .append("tickTime=500\ninitLimit=20\nsyncLimit=4\n")
                        .append("dataDir=").append(home.resolve("data")).append('\n')
                        .append("clientPort=").append(CLIENT_PORT).append('\n')
                        .append("admin.enableServer=false\n4lw.commands.whitelist=srvr,cons,ruok\n");
                for (int j = 0; j < hosts.size(); j++) {
                    cfg.append("server.").append(j + 1).append('=').append(lab.host(hosts.get(j)).address())
                            .append(":2888:3888\n");
                }
                Files.writeString(home.resolve("zoo.cfg"), cfg.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String connectString() {
        return members.keySet().stream().map(h -> lab.host(h).address() + ":" + CLIENT_PORT).collect(Collectors.joining(","));
    }

    Map<String, LabProcess> members() {
        return members;
    }

    /** "leader", "follower", or null when the member does not answer (down, paused, cut off, not yet serving). */
    String mode(String host) {
        String reply = Probe.tcp(lab, host, lab.host(host).address(), CLIENT_PORT, "srvr");
        for (String line : reply.split("\n")) {
            if (line.startsWith("Mode: ")) {
                return line.substring(6).strip();
            }
        }
        return null;
    }

    /**
     * The member serving a client connected from {@code clientAddress} (by the {@code cons} four-letter word), or null
     * when none says so (the client is between servers, or the member does not answer).
     */
    String serving(String clientAddress) {
        for (String h : members.keySet()) {
            if (members.get(h).isAlive() && !members.get(h).paused()
                    && Probe.tcp(lab, h, lab.host(h).address(), CLIENT_PORT, "cons").contains("/" + clientAddress + ":")) {
                return h;
            }
        }
        return null;
    }

    /** The member now leading, or null when none answers as leader. */
    String leader() {
        for (String h : members.keySet()) {
            if (members.get(h).isAlive() && !members.get(h).paused() && "leader".equals(mode(h))) {
                return h;
            }
        }
        return null;
    }

    /** Every member alive and serving as leader or follower. */
    boolean serving() {
        for (String h : members.keySet()) {
            String m = members.get(h).isAlive() && !members.get(h).paused() ? mode(h) : null;
            if (!"leader".equals(m) && !"follower".equals(m)) {
                return false;
            }
        }
        return true;
    }
}
