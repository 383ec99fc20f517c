package io.hakeeper.chaos;

import io.hakeeper.core.fencing.EpochLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two sample masters, each with its {@code hakeeper zkfc} beside it on a host of its own (m1, m2), electing under
 * {@code /hadoop-ha/lab}. Each master writes the fenced ledger while it believes it is active; fencing is a shell
 * script that succeeds without touching the old master (unless the lab breaks it: it then fails, or hangs until the
 * fencing timeout kills it), so a deposed master that keeps acting is stopped by its lease or not at all: what the lab
 * is here to find out.
 */
final class ZkfcLabSystem implements LabSystem {
    static final String GROUP = "hdfs/lab";
    static final int MASTER_PORT = 9000;
    static final int ADMIN_PORT = 8020;
    static final List<String> HOSTS = List.of("m1", "m2");

    private final Lab lab;
    private final Path dir;
    private final long sessionTimeoutMs;
    private final Map<String, LabProcess> masters = new LinkedHashMap<>();   // nn1, nn2
    private final Map<String, LabProcess> controllers = new LinkedHashMap<>(); // zkfc-nn1, zkfc-nn2
    private final LedgerEvidence evidence;

    ZkfcLabSystem(Lab lab, Path dir, String connectString, long sessionTimeoutMs, String labUnsafe) {
        this.lab = lab;
        this.dir = dir;
        this.sessionTimeoutMs = sessionTimeoutMs;
        for (int i = 0; i < HOSTS.size(); i++) {
            String nn = "nn" + (i + 1);
            String host = HOSTS.get(i);
            masters.put(nn, new LabProcess(lab, nn, host, "master", List.of("-Xmx64m"),
                    List.of("sample-master", "--id", nn, "--host", lab.host(host).address(), "--port",
                            Integer.toString(MASTER_PORT), "--ledger", ledgerFile().toString(), "--fenced-ledger",
                            "--lab-unsafe", labUnsafe.equals("stale-read") ? "none" : labUnsafe),
                    dir.resolve(nn + ".log")));
            controllers.put(nn, new LabProcess(lab, "zkfc-" + nn, host, "controller",
                    // stale-read is the controllers' switch: their elector trusts reads (see Elector)
                    labUnsafe.equals("stale-read") ? List.of("-Xmx128m", "-Dhakeeper.log.level=INFO", "-Dhakeeper.lab.unsafe=stale-read")
                            : List.of("-Xmx128m", "-Dhakeeper.log.level=INFO"),
                    List.of("zkfc", "--config", config().toString(), "--node", nn),
                    dir.resolve("zkfc-" + nn + ".log")));
        }
        this.connectString = connectString;
        this.evidence = new LedgerEvidence(GROUP, ledgerFile(), true);
    }

    @Override
    public String name() {
        return "zkfc";
    }

    @Override
    public List<String> hosts() {
        return HOSTS;
    }

    @Override
    public LedgerEvidence evidence() {
        return evidence;
    }

    @Override
    public void prepare() {
        writeConfig();
        formatZk();
    }

    @Override
    public List<LabProcess> processes() {
        List<LabProcess> all = new java.util.ArrayList<>(masters.values());
        all.addAll(controllers.values());
        return all;
    }

    @Override
    public List<String> holders() {
        return List.copyOf(masters.keySet());
    }

    @Override
    public LabProcess master(String holder) {
        return masters.get(holder);
    }

    @Override
    public LabProcess controller(String holder) {
        return controllers.get(holder);
    }

    @Override
    public boolean supports(FaultKind kind) {
        return true;
    }

    @Override
    public boolean crashNoticedAtOnce() {
        return true; // the controller's held connection to its master breaks with it
    }

    @Override
    public boolean answers() {
        return masters.keySet().stream().allMatch(this::controllerAnswers);
    }

    @Override
    public int masterPort() {
        return MASTER_PORT;
    }

    /** Each controller's /status as it answers now ("no answer" when it does not). */
    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (String nn : controllers.keySet()) {
            String host = hostOf(nn);
            String status = Probe.http(lab, host, lab.host(host).address(), ADMIN_PORT, "GET", "/status").strip();
            sb.append(nn).append(": ").append(status.isEmpty() ? "no answer" : status.replace('\n', ' ')).append("; ");
        }
        return sb.toString();
    }

    private final String connectString;

    Path ledgerFile() {
        return dir.resolve("ledger");
    }

    private Path config() {
        return dir.resolve("zkfc.properties");
    }

    @Override
    public EpochLedger ledger() {
        return EpochLedger.atFile(ledgerFile());
    }

    /** Writes the site file every controller reads, as an operator would: only the keys that differ from defaults. */
    void writeConfig() {
        StringBuilder conf = new StringBuilder("# the chaos lab's two masters\nha.zookeeper.quorum=" + connectString
                + "\nha.zookeeper.session-timeout.ms=" + sessionTimeoutMs + "\ndfs.nameservices=lab\ndfs.ha.namenodes.lab=nn1,nn2\n"
                + "dfs.ha.fencing.methods=shell(" + fenceScript() + ")\nhakeeper.fencing.timeout.ms=1000\n"
                + "ha.health-monitor.check-interval.ms=250\n"
                // Hadoop's defaults (45 s, 5 s) would let a frozen master or an unreachable old active hold a failover
                // far past T + 1 s; an operator who wants fast failover tunes them the same way.
                + "ha.health-monitor.rpc-timeout.ms=1000\nha.failover-controller.graceful-fence.rpc-timeout.ms=250\n");
        for (int i = 0; i < HOSTS.size(); i++) {
            String nn = "nn" + (i + 1);
            String addr = lab.host(HOSTS.get(i)).address();
            conf.append("dfs.namenode.rpc-address.lab.").append(nn).append('=').append(addr).append(":").append(MASTER_PORT).append('\n')
                    .append("dfs.ha.zkfc.port.lab.").append(nn).append("=8019\n")
                    .append("hakeeper.admin.port.lab.").append(nn).append('=').append(ADMIN_PORT).append('\n')
                    .append("hakeeper.target.lab.").append(nn).append("=http://").append(addr).append(":").append(MASTER_PORT).append("/ha\n")
                    .append("hakeeper.health.lab.").append(nn).append("=http://").append(addr).append(":").append(MASTER_PORT)
                    .append("/health#healthy=true\n");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(config(), conf.toString());
            // what the lab's faults flip: a flag file makes the fence hang, another makes it fail
            Files.writeString(fenceScript(), "#!/bin/sh\n# the chaos lab's fencing method\n"
                    + "if [ -e " + dir.toAbsolutePath().resolve("fence-hangs") + " ]; then sleep 60; fi\n"
                    + "if [ -e " + dir.toAbsolutePath().resolve("fence-fails") + " ]; then echo 'fencing broken by the chaos lab' >&2; exit 1; fi\n"
                    + "exit 0\n");
            fenceScript().toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code hakeeper zkfc -formatZK -nonInteractive} from m1, as an operator runs it once. */
    void formatZk() {
        lab.exec(HOSTS.get(0), List.of(javaBin(), "-cp", io.hakeeper.core.process.JavaProcess.classpath(), LabProcess.MAIN,
                "zkfc", "--config", config().toString(), "--node", "nn1", "-formatZK", "-nonInteractive"));
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    Map<String, LabProcess> masters() {
        return masters;
    }

    Map<String, LabProcess> controllers() {
        return controllers;
    }

    @Override
    public String hostOf(String nn) {
        return masters.get(nn).host();
    }

    /** The controller's /status answers: it is up and serving (not frozen, not cut off from its own host). */
    boolean controllerAnswers(String nn) {
        String host = hostOf(nn);
        return !Probe.http(lab, host, lab.host(host).address(), ADMIN_PORT, "GET", "/status").isEmpty();
    }

    private Path fenceScript() {
        return dir.toAbsolutePath().resolve("fence.sh");
    }

    @Override
    public void breakFencing(boolean hang, boolean broken) {
        Path flag = dir.resolve(hang ? "fence-hangs" : "fence-fails");
        try {
            if (broken) {
                Files.writeString(flag, "");
            } else {
                Files.deleteIfExists(flag);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the master's health endpoint stop answering until {@link #setHealthy}. */
    @Override
    public void hangHealth(String nn) {
        String host = hostOf(nn);
        Probe.http(lab, host, lab.host(host).address(), MASTER_PORT, "POST", "/admin/hang-health");
    }

    /** Makes the master's health check fail ("healthy" false) or pass again, as a failing disk would. */
    @Override
    public void setHealthy(String nn, boolean healthy) {
        String host = hostOf(nn);
        Probe.http(lab, host, lab.host(host).address(), MASTER_PORT, "POST", healthy ? "/admin/healthy" : "/admin/unhealthy");
    }
}
