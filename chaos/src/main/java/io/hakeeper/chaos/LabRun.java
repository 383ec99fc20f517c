package io.hakeeper.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The lab with its systems running: hosts zk1..zk3 and m1, m2; the ensemble on the zk hosts; the masters and their
 * controllers on m1 and m2. The constructor does no I/O; {@link #start} builds and starts everything; {@link #close}
 * stops every process by its PID, then removes every namespace, and is idempotent (also from a SIGINT hook).
 */
final class LabRun implements AutoCloseable {
    static final List<String> ZK_HOSTS = List.of("zk1", "zk2", "zk3");

    final Lab lab;
    final LabEnsemble ensemble;
    final ZkfcLabSystem zkfc;
    final LedgerEvidence evidence;
    private final long sessionTimeoutMs;
    private boolean closed;

    LabRun(Path dir, long sessionTimeoutMs, String labUnsafe) {
        List<String> hosts = new ArrayList<>(ZK_HOSTS);
        hosts.addAll(ZkfcLabSystem.HOSTS);
        String tag = Long.toString(ProcessHandle.current().pid(), 36);
        this.lab = new Lab(tag, hosts);
        this.ensemble = new LabEnsemble(lab, dir.resolve("zk"), ZK_HOSTS);
        this.zkfc = new ZkfcLabSystem(lab, dir.resolve("zkfc"), ensemble.connectString(), sessionTimeoutMs, labUnsafe);
        this.evidence = new LedgerEvidence(ZkfcLabSystem.GROUP, zkfc.ledgerFile());
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
        zkfc.writeConfig();
        zkfc.formatZk();
        zkfc.masters().values().forEach(LabProcess::start);
        zkfc.controllers().values().forEach(LabProcess::start);
        await(this::converged, Duration.ofSeconds(120), "a master to become active");
        await(this::allUp, Duration.ofSeconds(60), "every controller to answer");
        await(this::converged, Duration.ofSeconds(30), "a master to be active");
        out.println("lab: ensemble " + ensemble.connectString() + " serving; " + evidence.actingNow() + " active");
        out.flush();
    }

    /** Exactly one master acting (it wrote within the last 250 ms) and no other believing it is active. */
    boolean converged() {
        evidence.catchUp();
        return evidence.actingNow().size() == 1 && evidence.believeActive().size() == 1;
    }

    /** Every process alive and unfrozen, every controller answering, every ZooKeeper member serving. */
    boolean allUp() {
        for (LabProcess p : processes()) {
            if (!p.isAlive() || p.paused()) {
                return false;
            }
        }
        for (String nn : zkfc.controllers().keySet()) {
            if (!zkfc.controllerAnswers(nn)) {
                return false;
            }
        }
        return ensemble.serving();
    }

    /** Each controller's /status as it answers now ("no answer" when it does not), for a report of a stuck lab. */
    String describeControllers() {
        StringBuilder sb = new StringBuilder();
        for (String nn : zkfc.controllers().keySet()) {
            String host = zkfc.hostOf(nn);
            String status = Probe.http(lab, host, lab.host(host).address(), ZkfcLabSystem.ADMIN_PORT, "GET", "/status").strip();
            sb.append(nn).append(": ").append(status.isEmpty() ? "no answer" : status.replace('\n', ' ')).append("; ");
        }
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
        all.addAll(zkfc.masters().values());
        all.addAll(zkfc.controllers().values());
        return all;
    }

    long sessionTimeoutMs() {
        return sessionTimeoutMs;
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
        for (LabProcess p : processes()) {
            try {
                p.kill9(); // by PID; a frozen process dies too
            } catch (RuntimeException e) {
                // never started: nothing to stop
            }
        }
        lab.close();
    }
}
