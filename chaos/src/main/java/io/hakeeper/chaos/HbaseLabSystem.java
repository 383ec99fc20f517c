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
 * Two HBase master agents ({@code hakeeper hbase master-agent}), each on a host of its own (h1, h2), electing for
 * {@code /hbase/master} under the chroot {@code /hbase-lab} as HBase's masters do (a backup-masters node, then the
 * master node), on hakeeper's one elector with its epoch znode and lease. While active each writes the fenced ledger
 * every 50 ms, reading its lease with every write, and notes when it stopped (a lapsed lease's deadline): so an
 * active that outlives its term shows as an overlap, and a write of a deposed one as a refusal or a stale write.
 */
final class HbaseLabSystem implements LabSystem {
    static final String GROUP = "hbase/lab";
    static final List<String> HOSTS = List.of("h1", "h2");
    static final String CHROOT = "/hbase-lab";
    private static final int MASTER_PORT = 16000;

    private final Path dir;
    private final Map<String, LabProcess> masters = new LinkedHashMap<>(); // by ledger holder, "h1:16000"
    private final LedgerEvidence evidence;

    HbaseLabSystem(Lab lab, Path dir, String connectString, long sessionTimeoutMs, String labUnsafe) {
        this.dir = dir;
        // stale-read is the elector's own switch (see Elector): the agents run hakeeper's one elector, so it applies
        List<String> jvm = labUnsafe.equals("stale-read")
                ? List.of("-Xmx64m", "-Dhakeeper.log.level=INFO", "-Dhakeeper.lab.unsafe=stale-read")
                : List.of("-Xmx64m", "-Dhakeeper.log.level=INFO");
        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            String name = "hm" + (i + 1);
            masters.put(host + ":" + MASTER_PORT, new LabProcess(lab, name, host, "master", jvm,
                    List.of("hbase", "master-agent", "--connect", connectString + CHROOT, "--server", host + "," + MASTER_PORT,
                            "--session-timeout", Long.toString(sessionTimeoutMs), "--ledger", ledgerFile().toString()),
                    dir.resolve(name + ".log")));
        }
        this.evidence = new LedgerEvidence(GROUP, ledgerFile(), true);
    }

    private Path ledgerFile() {
        return dir.resolve("ledger");
    }

    @Override
    public String name() {
        return "hbase";
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
    public EpochLedger ledger() {
        return EpochLedger.atFile(ledgerFile());
    }

    @Override
    public void prepare() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // nothing to format: each agent makes its chroot and HBase's base znodes, as HBase's master does
    }

    @Override
    public List<LabProcess> processes() {
        return List.copyOf(masters.values());
    }

    @Override
    public List<String> holders() {
        return List.copyOf(masters.keySet());
    }

    @Override
    public String hostOf(String holder) {
        return masters.get(holder).host();
    }

    @Override
    public LabProcess master(String holder) {
        return masters.get(holder);
    }

    @Override
    public LabProcess controller(String holder) {
        return masters.get(holder); // the elector runs inside the agent
    }

    @Override
    public boolean supports(FaultKind kind) {
        return switch (kind) {
            // nothing apart from the agent to kill, pause or cut it from; no health check, no fencing method (the
            // term's epoch and the lease are the fence)
            case KILL_CONTROLLER, PAUSE_CONTROLLER, PARTITION_CUT_MASTER_FROM_CONTROLLER, HEALTH_FLAP, HEALTH_HANG,
                    FENCE_FAILS, FENCE_HANGS -> false;
            default -> true;
        };
    }

    @Override
    public boolean crashNoticedAtOnce() {
        return false; // the backup wins when the dead master's session expires, as in HBase
    }

    @Override
    public boolean answers() {
        return masters.values().stream().allMatch(p -> p.isAlive() && !p.paused());
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder();
        masters.values().forEach(p -> sb.append(p.name()).append(p.isAlive() ? (p.paused() ? " paused" : " up") : " dead").append("; "));
        return sb.toString();
    }
}
