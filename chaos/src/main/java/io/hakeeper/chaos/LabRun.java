package io.hakeeper.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The lab with its systems running: hosts zk1..zk3 (or zk1..zk5) with the ensemble, then each system on hosts of its own (the
 * masters and their controllers on m1, m2; the ResourceManagers on r1, r2). The constructor does no I/O; {@link #start} builds and starts everything; {@link #close}
 * stops every process by its PID, then removes every namespace, and is idempotent (also from a SIGINT hook).
 */
final class LabRun implements AutoCloseable {
    static final List<String> ZK_HOSTS = zkHosts(3);

    final Lab lab;
    final LabEnsemble ensemble;
    /** The zkfc system when it runs (null otherwise): the scripted scenarios aim at it. */
    final ZkfcLabSystem zkfc;
    final List<LabSystem> systems = new ArrayList<>();
    private final long sessionTimeoutMs;
    private boolean closed;

    LabRun(Path dir, long sessionTimeoutMs, String labUnsafe) {
        this(dir, sessionTimeoutMs, labUnsafe, java.util.Set.of("zkfc"), 3);
    }

    /** {@code systems}: which of "zkfc", "rm" and "hbase" run; {@code ensembleSize}: 3 or 5 ZooKeeper members. */
    LabRun(Path dir, long sessionTimeoutMs, String labUnsafe, java.util.Set<String> systemNames, int ensembleSize) {
        String tag = Long.toString(ProcessHandle.current().pid(), 36);
        List<String> zk = zkHosts(ensembleSize);
        List<String> hosts = new ArrayList<>(zk);
        if (systemNames.contains("zkfc")) {
            hosts.addAll(ZkfcLabSystem.HOSTS);
        }
        if (systemNames.contains("rm")) {
            hosts.addAll(RmLabSystem.HOSTS);
        }
        if (systemNames.contains("hbase")) {
            hosts.addAll(HbaseLabSystem.HOSTS);
        }
        this.lab = new Lab(tag, hosts);
        this.ensemble = new LabEnsemble(lab, dir.resolve("zk"), zk);
        this.zkfc = systemNames.contains("zkfc")
                ? new ZkfcLabSystem(lab, dir.resolve("zkfc"), ensemble.connectString(), sessionTimeoutMs, labUnsafe) : null;
        if (zkfc != null) {
            systems.add(zkfc);
        }
        if (systemNames.contains("rm")) {
            systems.add(new RmLabSystem(lab, dir.resolve("rm"), ensemble.connectString(), sessionTimeoutMs, labUnsafe));
        }
        if (systemNames.contains("hbase")) {
            systems.add(new HbaseLabSystem(lab, dir.resolve("hbase"), ensemble.connectString(), sessionTimeoutMs, labUnsafe));
        }
        this.sessionTimeoutMs = sessionTimeoutMs;
    }

    /** Builds the lab, checks no packet can leave it, starts the ensemble and the systems, and waits for an active. */
    void start(java.io.PrintWriter out) {
        lab.create();
        List<String> leaks = lab.routeOutProblems();
        if (!leaks.isEmpty()) {
            throw new LabException("the lab is not sealed: " + leaks.get(0));
        }
        out.println("lab: " + lab.hosts().size() + " hosts in network namespaces, no route out");
        out.flush();
        ensemble.writeConfigs();
        ensemble.members().values().forEach(LabProcess::start);
        await(ensemble::serving, Duration.ofSeconds(120), "the ZooKeeper ensemble to serve");
        for (LabSystem s : systems) {
            s.prepare();
            s.processes().forEach(LabProcess::start);
        }
        await(this::converged, Duration.ofSeconds(120), "a master of every system to become active");
        await(this::allUp, Duration.ofSeconds(60), "every controller to answer");
        await(this::converged, Duration.ofSeconds(30), "a master of every system to be active");
        out.println("lab: ensemble " + ensemble.connectString() + " serving; active: " + actingNow());
        out.flush();
    }

    /** In every system, exactly one master acting (it wrote within the last 250 ms) and no other believing it is active. */
    boolean converged() {
        for (LabSystem s : systems) {
            LedgerEvidence e = s.evidence();
            e.catchUp();
            if (e.actingNow().size() != 1 || e.believeActive().size() != 1) {
                return false;
            }
        }
        return true;
    }

    /** Who acts now, per system. */
    String actingNow() {
        StringBuilder sb = new StringBuilder();
        systems.forEach(s -> sb.append(s.name()).append(' ').append(s.evidence().actingNow()).append(", believing ")
                .append(s.evidence().believeActive()).append("; "));
        return sb.toString();
    }

    /** Every process alive and unfrozen, every controller answering, every ZooKeeper member serving. */
    boolean allUp() {
        for (LabProcess p : processes()) {
            if (!p.isAlive() || p.paused()) {
                return false;
            }
        }
        for (LabSystem s : systems) {
            if (!s.answers()) {
                return false;
            }
        }
        return ensemble.serving();
    }

    /** Each system's state as it answers now (a controller's /status), for a report of a stuck lab. */
    String describeControllers() {
        StringBuilder sb = new StringBuilder();
        systems.forEach(s -> sb.append(s.name()).append(": ").append(s.describe()));
        return sb.toString();
    }

    /** Each process: alive, paused or dead. */
    String describeProcesses() {
        StringBuilder sb = new StringBuilder();
        for (LabProcess p : processes()) {
            sb.append(p.name()).append(p.isAlive() ? (p.paused() ? " paused" : " up") : " dead").append(", ");
        }
        return sb + "ZooKeeper serving: " + ensemble.serving();
    }

    List<LabProcess> processes() {
        List<LabProcess> all = new ArrayList<>(ensemble.members().values());
        systems.forEach(s -> all.addAll(s.processes()));
        return all;
    }

    long sessionTimeoutMs() {
        return sessionTimeoutMs;
    }

    static List<String> zkHosts(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            names.add("zk" + i);
        }
        return List.copyOf(names);
    }

    static void await(BooleanSupplier condition, Duration deadline, String what) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new LabException("waited " + deadline.toSeconds() + " s for " + what + " in vain");
            }
            sleep(50);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // every process at once, then wait for each: one by one, eleven JVMs each reaped before the next is signalled
        // took most of a minute on a loaded machine (Ctrl-C must end the run promptly)
        for (LabProcess p : processes()) {
            p.retire(); // SIGKILL by PID (a frozen process dies too), and no restart after it
        }
        for (LabProcess p : processes()) {
            p.kill9(); // already signalled: waits (bounded) until it is reaped
        }
        lab.close();
    }
}
