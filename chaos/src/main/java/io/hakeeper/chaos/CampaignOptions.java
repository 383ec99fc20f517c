package io.hakeeper.chaos;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a campaign runs: the seed, how many faults, T (the controllers' session timeout), how many faults may run at
 * once, where its files go, a lab-only unsafe switch ("none", "ignore-lease", "no-epoch-check", "stale-read": the
 * checker-proof runs), whether to stop at the first violation (the proof runs need only one), the fault kinds, and
 * which systems run (zkfc, rm, hbase), and how many ZooKeeper members (3 or 5).
 */
public record CampaignOptions(long seed, int faults, long sessionTimeoutMs, int streams, Path dir, String labUnsafe,
                              boolean stopAtFirstViolation, Set<FaultKind> kinds, Set<String> systems, int ensembleSize) {
    public static final Set<String> UNSAFE = Set.of("none", "ignore-lease", "no-epoch-check", "stale-read");
    /** The systems the lab can run: the masters with their controllers, the ResourceManagers, the HBase masters. */
    public static final Set<String> SYSTEMS = Set.of("zkfc", "rm", "hbase");

    /** Every system the lab can run. */
    public CampaignOptions(long seed, int faults, long sessionTimeoutMs, int streams, Path dir, String labUnsafe,
                           boolean stopAtFirstViolation, Set<FaultKind> kinds) {
        this(seed, faults, sessionTimeoutMs, streams, dir, labUnsafe, stopAtFirstViolation, kinds, SYSTEMS, 3);
    }

    /** A three-member ensemble. */
    public CampaignOptions(long seed, int faults, long sessionTimeoutMs, int streams, Path dir, String labUnsafe,
                           boolean stopAtFirstViolation, Set<FaultKind> kinds, Set<String> systems) {
        this(seed, faults, sessionTimeoutMs, streams, dir, labUnsafe, stopAtFirstViolation, kinds, systems, 3);
    }

    public CampaignOptions {
        if (faults < 1) {
            throw new IllegalArgumentException("--faults " + faults + " is not positive: give how many faults to throw, e.g. 150");
        }
        if (sessionTimeoutMs < 1000 || sessionTimeoutMs > 10_000) {
            throw new IllegalArgumentException("--session-ms " + sessionTimeoutMs + " is outside 1000..10000: the lab's"
                    + " ZooKeeper (tickTime 500) grants sessions of 2 to 20 ticks");
        }
        if (streams < 1 || streams > 3) {
            throw new IllegalArgumentException("--streams " + streams + " is outside 1..3");
        }
        if (!UNSAFE.contains(labUnsafe)) {
            throw new IllegalArgumentException("--unsafe " + labUnsafe + " is unknown: give none, ignore-lease, no-epoch-check or stale-read");
        }
        if (ensembleSize != 3 && ensembleSize != 5) {
            throw new IllegalArgumentException("--ensemble " + ensembleSize + " is not 3 or 5: give the ZooKeeper members to run, 3 or 5");
        }
        if (systems == null || systems.isEmpty() || !SYSTEMS.containsAll(systems)) {
            throw new IllegalArgumentException("--systems " + (systems == null ? "" : String.join(",", new java.util.TreeSet<>(systems)))
                    + " is not a list of zkfc, rm and hbase: give e.g. zkfc,rm,hbase");
        }
        systems = Set.copyOf(systems);
        kinds = kinds == null || kinds.isEmpty() ? EnumSet.allOf(FaultKind.class) : EnumSet.copyOf(kinds);
    }
}
