package io.hakeeper.chaos;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a campaign runs: the seed, how many faults, T (the controllers' session timeout), how many faults may run at
 * once, where its files go, a lab-only unsafe switch ("none", "ignore-lease", "no-epoch-check", "stale-read": the
 * checker-proof runs), and whether to stop at the first violation (the proof runs need only one).
 */
public record CampaignOptions(long seed, int faults, long sessionTimeoutMs, int streams, Path dir, String labUnsafe,
                              boolean stopAtFirstViolation, Set<FaultKind> kinds) {
    public static final Set<String> UNSAFE = Set.of("none", "ignore-lease", "no-epoch-check", "stale-read");

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
        kinds = kinds == null || kinds.isEmpty() ? EnumSet.allOf(FaultKind.class) : EnumSet.copyOf(kinds);
    }
}
