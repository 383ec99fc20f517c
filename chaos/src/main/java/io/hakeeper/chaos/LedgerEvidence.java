package io.hakeeper.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one group's fenced ledger says happened, read as it grows: the active intervals (ACQUIRE to RELEASE, or to
 * the lab's KILLED note), the writes the ledger accepted and refused, stale writes it accepted anyway, and epochs
 * that did not strictly increase. The orchestrator tails it live (who is active now) and the checkers read the end
 * state. One reader per ledger file; not thread-safe.
 */
final class LedgerEvidence {
    /** An accepted write is this recent (ns) when its holder counts as acting now. */
    static final long ACTING_WINDOW_NANOS = 250_000_000L;

    private record Open(long epoch, long start) {
    }

    private final String group;
    private final Path file;
    /** The ledger itself is the fenced resource (its order is the truth of stale writes); else it only reports acks. */
    private final boolean ordersWrites;
    /** When the ledger only reports acknowledgements: what each accepted write named (the RM's applications). */
    private final java.util.Set<String> acknowledged = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> removed = new java.util.HashSet<>();
    private final List<Long> acquiredEpochs = new ArrayList<>();
    private long offset;
    private final Map<String, Open> open = new LinkedHashMap<>();
    private final Map<String, Long> lastWrite = new HashMap<>();
    private final List<Interval> closed = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private long highestEpoch = Long.MIN_VALUE;
    private String highestHolder = "-";
    private long lastAcquiredEpoch = Long.MIN_VALUE;
    private String lastAcquiredBy = null;
    private long accepted;
    private long refused;
    private long staleAccepted;
    private final List<Long> acquisitions = new ArrayList<>();

    /**
     * @param ordersWrites true when the ledger is the fenced resource, so a write of an older epoch after a newer one
     *                     is a stale write; false when the resource is elsewhere (an RM's store in ZooKeeper) and a
     *                     write's line may follow a newer term's only because the writer noted its acknowledgement
     *                     late: then the accepted writes are kept for a check against the resource itself
     */
    LedgerEvidence(String group, Path file, boolean ordersWrites) {
        this.group = group;
        this.file = file;
        this.ordersWrites = ordersWrites;
    }

    /** Reads what was appended since the last call (whole lines only). */
    void catchUp() {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            if (length <= offset) {
                return;
            }
            byte[] bytes = new byte[(int) (length - offset)];
            raf.seek(offset);
            raf.readFully(bytes);
            int lineStart = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    feed(new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8));
                    lineStart = i + 1;
                }
            }
            offset += lineStart; // a half-written last line waits for the next call
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger " + file, e);
        }
    }

    void feed(String line) {
        String[] f = line.split(" ", 5);
        if (f.length < 5) {
            return;
        }
        long t = Long.parseLong(f[0]);
        String kind = f[1];
        String holder = f[2];
        long epoch = Long.parseLong(f[3]);
        switch (kind) {
            case "ACQUIRE" -> {
                Open before = open.remove(holder);
                if (before != null) {
                    closed.add(new Interval(group, holder, before.epoch(), before.start(), t, "new-epoch"));
                }
                if (epoch <= lastAcquiredEpoch && !(epoch == lastAcquiredEpoch && holder.equals(lastAcquiredBy))) {
                    violations.add(new Violation("epochs", t, holder + " acquired epoch " + epoch + " after " + lastAcquiredBy
                            + " acquired epoch " + lastAcquiredEpoch + ": epochs must strictly increase, one holder each"));
                }
                if (epoch != lastAcquiredEpoch) {
                    acquisitions.add(t);
                    acquiredEpochs.add(epoch);
                }
                lastAcquiredEpoch = Math.max(lastAcquiredEpoch, epoch);
                lastAcquiredBy = holder;
                open.put(holder, new Open(epoch, t));
                raise(holder, epoch);
            }
            case "WRITE" -> {
                accepted++;
                if (!ordersWrites) {
                    acknowledged.add(f[4]);
                } else if (epoch < highestEpoch) {
                    staleAccepted++;
                    violations.add(new Violation("stale-write", t, "the ledger accepted a write of " + holder + " with epoch "
                            + epoch + " after epoch " + highestEpoch + " of " + highestHolder));
                }
                lastWrite.put(holder, t);
                raise(holder, epoch);
            }
            case "REFUSED" -> refused++;
            case "REMOVED" -> removed.add(f[4]); // an RM retired an application it had stored: not lost
            case "RELEASE" -> close(holder, t, f[4]);
            case "KILLED" -> close(holder, t, "killed");
            default -> {
                // another note of the lab's: not evidence
            }
        }
    }

    private void raise(String holder, long epoch) {
        if (epoch > highestEpoch) {
            highestEpoch = epoch;
            highestHolder = holder;
        }
    }

    private void close(String holder, long t, String why) {
        Open o = open.remove(holder);
        if (o != null) {
            closed.add(new Interval(group, holder, o.epoch(), o.start(), Math.max(o.start(), t), why));
        }
    }

    /** The holders that believe they are active and made an accepted write within the last 250 ms. */
    List<String> actingNow() {
        long now = System.nanoTime();
        List<String> acting = new ArrayList<>();
        for (String holder : open.keySet()) {
            Long w = lastWrite.get(holder);
            if (w != null && now - w < ACTING_WINDOW_NANOS) {
                acting.add(holder);
            }
        }
        return acting;
    }

    /** Holders whose interval is still open (they have not said they stopped). */
    List<String> believeActive() {
        return List.copyOf(open.keySet());
    }

    /** Every interval, those still open ending at {@code endNanos}. */
    List<Interval> intervals(long endNanos) {
        List<Interval> all = new ArrayList<>(closed);
        open.forEach((h, o) -> all.add(new Interval(group, h, o.epoch(), o.start(), Math.max(o.start(), endNanos), "run-end")));
        all.sort(java.util.Comparator.comparingLong(Interval::startNanos));
        return all;
    }

    List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** When each new epoch was acquired (a failover, or the first election). */
    List<Long> acquisitions() {
        return List.copyOf(acquisitions);
    }

    /** The epochs acquired, in order (each new term once). */
    List<Long> acquiredEpochs() {
        return List.copyOf(acquiredEpochs);
    }

    /** What the accepted writes named, when the ledger only reports acknowledgements (see the constructor). */
    java.util.Set<String> acknowledged() {
        return java.util.Collections.unmodifiableSet(acknowledged);
    }

    /** What the writers retired on purpose (an RM's oldest applications, past what its store keeps). */
    java.util.Set<String> removed() {
        return java.util.Collections.unmodifiableSet(removed);
    }

    long accepted() {
        return accepted;
    }

    long refused() {
        return refused;
    }

    long staleAccepted() {
        return staleAccepted;
    }

    String group() {
        return group;
    }
}
