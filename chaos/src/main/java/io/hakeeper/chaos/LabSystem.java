package io.hakeeper.chaos;

import java.util.List;

/**
 * One system the lab runs on its own hosts beside the ensemble: a pair of would-be actives electing through
 * ZooKeeper, each recording in its group's ledger when it acts. The campaign aims each master-side fault at one
 * system's active; ZooKeeper and whole-lab faults hit every system at once.
 */
interface LabSystem {
    /** The name {@code --systems} knows it by ("zkfc", "rm"). */
    String name();

    /** The hosts it runs on, each the home of one would-be active. */
    List<String> hosts();

    /** What its ledger says happened. */
    LedgerEvidence evidence();

    /** The ledger the lab notes kills in. */
    io.hakeeper.core.fencing.EpochLedger ledger();

    /** Writes its configuration and formats what it needs in ZooKeeper; the ensemble serves by now. */
    void prepare();

    /** Every process of the system, started by {@link LabRun#start}. */
    List<LabProcess> processes();

    /** The would-be actives, by the name they record in the ledger. */
    List<String> holders();

    String hostOf(String holder);

    /** The process doing the holder's work. */
    LabProcess master(String holder);

    /** The process that elects for it: a controller beside it, or the master itself when the elector is embedded. */
    LabProcess controller(String holder);

    /** Whether a fault of this kind has something to hit here (a ResourceManager has no controller to pause apart). */
    boolean supports(FaultKind kind);

    /**
     * Whether something apart from the master notices its death at once (a controller's held connection): then a
     * crash is bounded by 1 s. An embedded elector dies with its master and the others wait for its session (T + 1 s).
     */
    boolean crashNoticedAtOnce();

    /** Every process up and answering (a controller's admin port, say). */
    boolean answers();

    /** Its state in one line, for the report of a lab that did not recover. */
    String describe();

    /** Makes a master's health check fail or pass again (systems with health checks only). */
    default void setHealthy(String holder, boolean healthy) {
        throw new UnsupportedOperationException(name() + " has no health check to flap");
    }

    /** Makes a master's health check hang until {@link #setHealthy} (systems with health checks only). */
    default void hangHealth(String holder) {
        throw new UnsupportedOperationException(name() + " has no health check to hang");
    }

    /** Makes the fencing method hang (or fail) from now on, or work again (systems with fencing methods only). */
    default void breakFencing(boolean hang, boolean broken) {
        throw new UnsupportedOperationException(name() + " has no fencing method to break");
    }

    /** The port the master serves its controller on (systems with a controller apart only). */
    default int masterPort() {
        throw new UnsupportedOperationException(name() + " has no controller apart from its master");
    }

    /** Checks that read the system's end state (an RM store that lost no acknowledged write); run once at the end. */
    default List<Violation> endChecks(java.io.PrintWriter out) {
        return List.of();
    }

    /** Lines for the report about the system's own evidence (empty: none). */
    default List<String> reportLines() {
        return List.of();
    }
}
