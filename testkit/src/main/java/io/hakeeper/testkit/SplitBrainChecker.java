package io.hakeeper.testkit;

import io.hakeeper.core.fencing.EpochLedger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The epoch-stamped shared resource every failover test writes to (docs/ARCHITECTURE.md). Each would-be active records
 * that it {@link #acquired} an epoch and every {@link #wrote write} it makes with that epoch; the ledger keeps them
 * in the order they happened. {@link #violations()} then finds split brain:
 * <ul>
 *   <li>a stale write: a write with an epoch lower than one already acquired or written (a deposed active acting);</li>
 *   <li>one epoch claimed by two holders (two actives at once);</li>
 *   <li>a write with an epoch its writer never acquired;</li>
 *   <li>for partition leadership (writes recorded as {@link #partitionWrite}): one partition with two leaders in one
 *   leader epoch.</li>
 * </ul>
 * The records live in an {@link EpochLedger}: in memory, or in a file that processes share (the sample master
 * writes to it while it believes it is active).
 */
public final class SplitBrainChecker {
    private final EpochLedger ledger;

    private SplitBrainChecker(EpochLedger ledger) {
        this.ledger = ledger;
    }

    public static SplitBrainChecker inMemory() {
        return new SplitBrainChecker(EpochLedger.inMemory());
    }

    /** A checker whose ledger is {@code file}; every process that opens the same file shares it. */
    public static SplitBrainChecker atFile(Path file) {
        return new SplitBrainChecker(EpochLedger.atFile(file));
    }

    public void acquired(String holder, long epoch) {
        ledger.acquired(holder, epoch);
    }

    public void wrote(String holder, long epoch, String what) {
        ledger.wrote(holder, epoch, what);
    }

    /** Every record, in the order it happened. */
    public List<String> records() {
        return ledger.records();
    }

    /** The detail of a write that gave {@code topic}-{@code partition} a leader in a leader epoch. */
    public static String partitionWrite(String topic, int partition, int leaderEpoch, int leader) {
        return EpochLedger.partitionWrite(topic, partition, leaderEpoch, leader);
    }

    public List<String> violations() {
        List<String> all = new ArrayList<>(ledger.violations());
        Map<String, String> leaderOf = new HashMap<>(); // "topic-partition:leaderEpoch" -> leader
        for (String record : records()) {
            String[] f = record.split(" ");
            if (f.length < 5 || !f[1].equals("WRITE") || !f[4].startsWith("partition:")) {
                continue;
            }
            String[] p = f[4].split(":");
            String key = p[1] + ":" + p[2];
            String before = leaderOf.putIfAbsent(key, p[3]);
            if (before != null && !before.equals(p[3])) {
                all.add("partition " + p[1] + " had two leaders in leader epoch " + p[2] + ": " + before + " and " + p[3]
                        + " (the second written by " + f[2] + " in controller epoch " + f[3] + ")");
            }
        }
        return all;
    }

    /** Fails with every violation and the whole ledger when there was split brain. */
    public void assertNoSplitBrain() {
        List<String> v = violations();
        if (!v.isEmpty()) {
            List<String> ledger = records();
            throw new AssertionError("split brain: " + v.size() + " violation(s); the first: "
                    + String.join("; ", v.subList(0, Math.min(5, v.size())))
                    + "\nlast " + Math.min(40, ledger.size()) + " of " + ledger.size() + " ledger records:\n"
                    + String.join("\n", ledger.subList(Math.max(0, ledger.size() - 40), ledger.size())));
        }
    }

    /** How many writes were recorded (a failover test that recorded none proved nothing). */
    public long writes() {
        return records().stream().filter(r -> r.split(" ")[1].equals("WRITE")).count();
    }
}
