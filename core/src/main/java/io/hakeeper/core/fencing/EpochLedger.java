package io.hakeeper.core.fencing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An epoch-stamped, append-only record of who acted as active: {@code <nanoTime> ACQUIRE|WRITE <holder> <epoch>
 * <detail>} per line. In memory, or in a file shared by the processes of one machine, each line appended under an
 * exclusive lock so the file order is the real order. The sample master writes it; testkit's split-brain checker
 * judges it.
 *
 * <p>It is also a fenced resource, as a NameNode's JournalNodes are: {@link #tryWrite} refuses a write whose epoch is
 * below the highest epoch acquired or written so far, and records the refusal ({@code REFUSED}). The chaos lab counts
 * those refusals (fencing was exercised) and the stale writes accepted (must be none). A holder's {@link #released}
 * line says when it stopped acting as active; its stamp is the moment it stopped (a lapsed lease's deadline), which
 * may be earlier than the line's place in the file.
 */
public final class EpochLedger {
    /** File locks are per process: writers inside one JVM must also take turns, or the lock call itself fails. */
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path file;
    private final List<String> memory;

    private EpochLedger(Path file) {
        this.file = file;
        this.memory = file == null ? new ArrayList<>() : null;
    }

    public static EpochLedger inMemory() {
        return new EpochLedger(null);
    }

    public static EpochLedger atFile(Path file) {
        return new EpochLedger(file);
    }

    /**
     * The detail of a write that gave a partition a leader in a leader epoch (a Kafka controller's state write);
     * the split-brain checker finds a partition with two leaders in one leader epoch from these. Name the topic with
     * its id ({@code name@id}): a topic deleted and created again is another topic, its epochs start at 0 again.
     */
    public static String partitionWrite(String topic, int partition, int leaderEpoch, int leader) {
        return "partition:" + topic + "-" + partition + ":" + leaderEpoch + ":" + leader;
    }

    public void acquired(String holder, long epoch) {
        append("ACQUIRE", holder, epoch, "-", false);
    }

    public void wrote(String holder, long epoch, String what) {
        append("WRITE", holder, epoch, detail(what), false);
    }

    /**
     * A write the ledger fences: refused (and recorded as {@code REFUSED}) when {@code epoch} is below the highest
     * epoch acquired or written before it, unless {@code enforce} is false (the chaos lab's switch that proves its
     * checker catches a ledger that trusts a stale epoch). Returns whether the write was accepted.
     */
    public boolean tryWrite(String holder, long epoch, String what, boolean enforce) {
        return append("WRITE", holder, epoch, detail(what), enforce);
    }

    /** {@code holder} stopped acting as active with {@code epoch} at {@code atNanos} (System.nanoTime), for {@code why}. */
    public void released(String holder, long epoch, long atNanos, String why) {
        appendLine(atNanos + " RELEASE " + checkName(holder) + " " + epoch + " " + detail(why) + "\n", Long.MIN_VALUE);
    }

    /**
     * {@code holder}'s term {@code epoch}, begun at {@code activeSinceNanos}, is over. When a lapsed lease ended it
     * ({@code lastLapseNanos}, the elector's, falls within the term) it is stamped at the lease's deadline, however
     * late a frozen process hears of it: the holder acted under it no later; else now, for {@code why}.
     */
    public void releasedAtLapseOrNow(String holder, long epoch, long activeSinceNanos, long lastLapseNanos, String why) {
        long now = System.nanoTime();
        boolean byLease = lastLapseNanos != Long.MIN_VALUE && lastLapseNanos - activeSinceNanos > 0;
        released(holder, epoch, byLease ? Math.min(lastLapseNanos, now) : now, byLease ? "lease" : why);
    }

    /**
     * Runs a record's path once without recording anything: open, lock, read the high-water epoch, unlock. A process
     * whose first record is an activation (a standby master) pays for loading that path at start, not at the moment
     * it becomes active (15-60 ms in a fresh JVM here, measured in {@code bench failover}).
     */
    public void warm() {
        if (memory != null) {
            return;
        }
        synchronized (JVM_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object())) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock ignored = ch.lock()) {
                fileHigh(ch.size() == 0).get();
                Long.parseLong("0 ACQUIRE warm 0 -".split(" ", 5)[3]); // the parse a record runs
                ch.write(ByteBuffer.wrap(new byte[0])); // the append's path, appending nothing
                Path scratch = file.resolveSibling(file.getFileName() + ".warm");
                Files.writeString(scratch, Long.toString(0L)); // the high-water write, on a scratch file
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the epoch ledger " + file, e);
            }
        }
    }

    /** A line of the lab's own (e.g. {@code KILLED nn1}), stamped now: kept in order with the holders' records. */
    public void note(String kind, String holder, String what) {
        appendLine(System.nanoTime() + " " + kind + " " + checkName(holder) + " -1 " + detail(what) + "\n", Long.MIN_VALUE);
    }

    private static String detail(String what) {
        return what == null || what.isBlank() ? "-" : what.replace(' ', '_').replace('\n', '_');
    }

    private static String checkName(String holder) {
        if (holder.contains(" ")) {
            throw new IllegalArgumentException("holder names have no spaces: '" + holder + "'");
        }
        return holder;
    }

    private boolean append(String kind, String holder, long epoch, String detail, boolean enforce) {
        String line = System.nanoTime() + " " + kind + " " + checkName(holder) + " " + epoch + " " + detail + "\n";
        return appendLine(line, enforce ? epoch : Long.MIN_VALUE);
    }

    /**
     * Appends under the ledger's lock; when {@code fencedEpoch} is set (not MIN_VALUE) and below the high-water epoch,
     * a REFUSED line goes in instead. The high-water epoch of a file ledger lives beside it ({@code <file>.epoch}) so a
     * fenced write costs one small read, not a scan of the whole ledger.
     */
    private boolean appendLine(String line, long fencedEpoch) {
        if (memory != null) {
            synchronized (memory) {
                return record(line, fencedEpoch, memoryHigh(), this::memoryAdd);
            }
        }
        synchronized (JVM_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object())) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock ignored = ch.lock()) {
                return record(line, fencedEpoch, fileHigh(ch.size() == 0), l -> {
                    try {
                        ch.write(ByteBuffer.wrap(l.getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the epoch ledger " + file, e);
            }
        }
    }

    private boolean record(String line, long fencedEpoch, HighWater high, java.util.function.Consumer<String> out) {
        String[] f = line.split(" ", 5);
        boolean raises = f[1].equals("ACQUIRE") || f[1].equals("WRITE");
        long epoch = Long.parseLong(f[3]);
        long highest = raises ? high.get() : Long.MIN_VALUE;
        if (fencedEpoch != Long.MIN_VALUE && fencedEpoch < highest) {
            out.accept(f[0] + " REFUSED " + f[2] + " " + f[3] + " below_epoch_" + highest + "\n");
            return false;
        }
        out.accept(line);
        if (raises && epoch > highest) {
            high.set(epoch);
        }
        return true;
    }

    private interface HighWater {
        long get();

        void set(long epoch);
    }

    private long memoryHighWater = Long.MIN_VALUE;

    private HighWater memoryHigh() {
        return new HighWater() {
            public long get() {
                return memoryHighWater;
            }

            public void set(long epoch) {
                memoryHighWater = epoch;
            }
        };
    }

    private void memoryAdd(String line) {
        memory.add(line.trim());
    }

    /** {@code fresh}: the ledger is empty, so a side file left by an earlier run of the same path means nothing. */
    private HighWater fileHigh(boolean fresh) {
        Path side = file.resolveSibling(file.getFileName() + ".epoch");
        return new HighWater() {
            public long get() {
                if (fresh) {
                    return Long.MIN_VALUE;
                }
                try {
                    return Files.exists(side) ? Long.parseLong(Files.readString(side).trim()) : Long.MIN_VALUE;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            public void set(long epoch) {
                try {
                    Files.writeString(side, Long.toString(epoch));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** Every record, in the order it happened. */
    public List<String> records() {
        if (memory != null) {
            synchronized (memory) {
                return List.copyOf(memory);
            }
        }
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Split brain found in the records, in the order it happened: a write (or acquisition) with an epoch lower than
     * one already seen (a deposed active acting); one epoch claimed by two holders; a write with an epoch its writer
     * never acquired.
     */
    public List<String> violations() {
        List<String> found = new ArrayList<>();
        Map<Long, String> epochOwner = new HashMap<>();
        Set<String> acquired = new HashSet<>();
        long highest = Long.MIN_VALUE;
        String highestHolder = null;
        for (String record : records()) {
            String[] f = record.split(" ");
            String kind = f[1];
            if (!kind.equals("ACQUIRE") && !kind.equals("WRITE")) {
                continue; // refusals, releases and the lab's notes are not acts
            }
            String holder = f[2];
            long epoch = Long.parseLong(f[3]);
            if (epoch < highest) {
                found.add("stale " + kind.toLowerCase() + ": " + holder + " acted with epoch " + epoch + " after epoch "
                        + highest + " of " + highestHolder + " (" + f[4] + ")");
            }
            if (kind.equals("ACQUIRE")) {
                String previous = epochOwner.putIfAbsent(epoch, holder);
                if (previous != null && !previous.equals(holder)) {
                    found.add("epoch " + epoch + " claimed by both " + previous + " and " + holder);
                }
                acquired.add(holder + "@" + epoch);
            } else if (!acquired.contains(holder + "@" + epoch)) {
                found.add(holder + " wrote with epoch " + epoch + " it never acquired (" + f[4] + ")");
            }
            if (epoch > highest) {
                highest = epoch;
                highestHolder = holder;
            }
        }
        return found;
    }
}
