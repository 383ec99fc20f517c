package io.hakeeper.testkit;

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

/**
 * The epoch-stamped shared resource every failover test writes to (design.md §4). Each would-be active records
 * that it {@link #acquired} an epoch and every {@link #wrote write} it makes with that epoch; the ledger keeps them
 * in the order they happened. {@link #violations()} then finds split brain:
 * <ul>
 *   <li>a stale write: a write with an epoch lower than one already acquired or written (a deposed active acting);</li>
 *   <li>one epoch claimed by two holders (two actives at once);</li>
 *   <li>a write with an epoch its writer never acquired.</li>
 * </ul>
 * Backed by a file, it is shared by processes: each record is one line appended under an exclusive file lock,
 * so the file order is the real order, across JVMs on one machine.
 */
public final class SplitBrainChecker {
    /** File locks are per process: writers inside one JVM must also take turns, or the lock call itself fails. */
    private static final Map<Path, Object> JVM_LOCKS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final List<String> memory;

    private SplitBrainChecker(Path file) {
        this.file = file;
        this.memory = file == null ? new ArrayList<>() : null;
    }

    public static SplitBrainChecker inMemory() {
        return new SplitBrainChecker(null);
    }

    /** A checker whose ledger is {@code file}; every process that opens the same file shares it. */
    public static SplitBrainChecker atFile(Path file) {
        return new SplitBrainChecker(file);
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
                throw new UncheckedIOException("cannot append to the split-brain ledger " + file, e);
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
