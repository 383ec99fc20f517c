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
        append("ACQUIRE", holder, epoch, "-");
    }

    public void wrote(String holder, long epoch, String what) {
        append("WRITE", holder, epoch, what.isBlank() ? "-" : what.replace(' ', '_'));
    }

    private void append(String kind, String holder, long epoch, String detail) {
        if (holder.contains(" ")) {
            throw new IllegalArgumentException("holder names have no spaces: '" + holder + "'");
        }
        String line = System.nanoTime() + " " + kind + " " + holder + " " + epoch + " " + detail + "\n";
        if (memory != null) {
            synchronized (memory) {
                memory.add(line.trim());
            }
            return;
        }
        synchronized (JVM_LOCKS.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object())) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock ignored = ch.lock()) {
                ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the epoch ledger " + file, e);
            }
        }
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
