package io.hakeeper.chaos;

import io.hakeeper.core.process.JavaProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Two ResourceManagers with the embedded elector and the fenced state store ({@code hakeeper rm demo-master}), each
 * on a host of its own (r1, r2), in YARN cluster {@code lab}. While active each submits an application every tick
 * and notes every one the store acknowledged in the group's ledger, with its acquisitions and stand-downs. The ledger
 * is not the fenced resource here, the store is: at the end {@link RmStoreAudit} reads every application with the
 * zxid that created it, and the checks are exact on ZooKeeper's own order: no acknowledged application is missing,
 * and none landed after a later term began (its creation zxid above a later term's epoch).
 */
final class RmLabSystem extends EmbeddedElectorLabSystem {
    static final String GROUP = "yarn/lab";
    static final List<String> HOSTS = List.of("r1", "r2");
    private static final int KEPT = io.hakeeper.rm.demo.DemoRm.KEPT_APPLICATIONS;

    private final Lab lab;
    private final String connectString;
    private final List<String> report = new ArrayList<>();

    RmLabSystem(Lab lab, Path dir, String connectString, long sessionTimeoutMs, String labUnsafe) {
        // the ledger is not the fenced resource here, the store is: its lines only report acknowledgements
        super(GROUP, HOSTS, dir, false);
        this.lab = lab;
        this.connectString = connectString;
        for (int i = 0; i < HOSTS.size(); i++) {
            String rm = "rm" + (i + 1);
            add(rm, new LabProcess(lab, rm, HOSTS.get(i), "rm", List.of("-Xmx128m", "-Dhakeeper.log.level=INFO"),
                    List.of("rm", "demo-master", "--id", rm, "--cluster", "lab", "--tick-ms", "100", "--connect", connectString,
                            "--session-timeout", Long.toString(sessionTimeoutMs), "--ledger", ledgerFile().toString(),
                            // no-epoch-check is the RMs' proof switch; the others are the masters' and controllers'
                            "--lab-unsafe", labUnsafe.equals("no-epoch-check") ? labUnsafe : "none"),
                    dir.resolve(rm + ".log")));
        }
    }

    @Override
    public String name() {
        return "rm";
    }

    /**
     * Reads the store from r1 (the orchestrator is outside the lab) and checks it against the ledger: every
     * acknowledged application is there, and none was created after a later term than its writer's began.
     */
    @Override
    public List<Violation> endChecks(PrintWriter out) {
        Path auditFile = dir().resolve("store-audit.txt");
        JavaProcess audit = JavaProcess.of("rm-store-audit", RmStoreAudit.class.getName(), List.of("-Xmx256m"),
                List.of(connectString, auditFile.toString()), dir().resolve("rm-store-audit.log")).behind(lab.inside(HOSTS.get(0)));
        // What was acknowledged before the audit reads is what the store must hold: the RMs go on writing meanwhile,
        // and an application acknowledged after the audit's read is not missing, only later.
        LedgerEvidence evidence = evidence();
        evidence.catchUp();
        Set<String> acknowledged = Set.copyOf(evidence.acknowledged());
        try (audit) {
            audit.start();
            if (!audit.waitForExit(Duration.ofSeconds(120)) || audit.exitValue() != 0) {
                return List.of(new Violation("rm-store", System.nanoTime(), "the store audit did not finish (see "
                        + dir().resolve("rm-store-audit.log") + ")"));
            }
            List<RmStoreAudit.Stored> stored = RmStoreAudit.read(auditFile);
            evidence.catchUp(); // every term begun before the read, for the stale check, and every removal noted since
            Set<String> expected = new java.util.HashSet<>(acknowledged);
            expected.removeAll(evidence.removed()); // retired by the RM (it keeps its newest), acknowledged by the store
            List<Violation> found = Checks.rmStore(expected, stored, evidence.acquiredEpochs(), System.nanoTime());
            report.clear();
            report.add("rm store: " + acknowledged.size() + " applications acknowledged (" + (acknowledged.size() - expected.size())
                    + " retired since, the RMs keeping their newest " + KEPT + "), " + stored.size()
                    + " in the store, " + found.stream().filter(v -> v.checker().equals("lost-acked-write")).count()
                    + " acknowledged and lost, " + found.stream().filter(v -> v.checker().equals("stale-store-write")).count()
                    + " landed after a later term began");
            return found;
        } catch (IOException e) {
            return List.of(new Violation("rm-store", System.nanoTime(), "cannot audit the store: " + e.getMessage()));
        }
    }

    @Override
    public List<String> reportLines() {
        return List.copyOf(report);
    }
}
