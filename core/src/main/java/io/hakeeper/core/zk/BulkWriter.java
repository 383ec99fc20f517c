package io.hakeeper.core.zk;

import io.hakeeper.core.error.ZkErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;

/**
 * Writes many znodes fast (docs/ARCHITECTURE.md): ops go in {@code multi}s kept well under {@code jute.maxbuffer} (by the
 * bytes of their paths and data), with a bounded window of multis in flight. Each multi is atomic; the whole is not.
 * Unlike reads, a batch lost with the connection is not resent (a create may have been applied): the caller hears
 * of it and decides. {@link #writeGuarded} puts a guard (a version check) at the head of every multi and reports
 * op by op what landed, for writers that must be fenced and may lose some races (docs/ARCHITECTURE.md, two-layer fencing).
 */
public final class BulkWriter {
    /** Half of ZooKeeper's default 1 MiB jute.maxbuffer: room for the request's own framing. */
    public static final int DEFAULT_BATCH_BYTES = 512 * 1024;
    public static final int DEFAULT_MAX_OPS = 1000;
    public static final int DEFAULT_WINDOW = 8;

    private final ZooKeeper zk;
    private final int batchBytes;
    private final int maxOps;
    private final int window;
    private final Duration deadline;

    public BulkWriter(ZooKeeper zk, Duration deadline) {
        this(zk, DEFAULT_BATCH_BYTES, DEFAULT_WINDOW, deadline);
    }

    public BulkWriter(ZooKeeper zk, int batchBytes, int window, Duration deadline) {
        this(zk, batchBytes, DEFAULT_MAX_OPS, window, deadline);
    }

    public BulkWriter(ZooKeeper zk, int batchBytes, int maxOps, int window, Duration deadline) {
        if (batchBytes < 1 || maxOps < 1 || window < 1) {
            throw new IllegalArgumentException("batch size, ops per batch and window must be positive");
        }
        this.zk = zk;
        this.batchBytes = batchBytes;
        this.maxOps = maxOps;
        this.window = window;
        this.deadline = deadline;
    }

    /** The ops in batches; {@code sizes} gives each op's data length (paths are counted here). */
    public void write(List<Op> ops, List<Integer> sizes) throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + deadline.toNanos();
        Semaphore inFlight = new Semaphore(window);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        for (int[] range : batches(ops, sizes, 0)) {
            send(ops.subList(range[0], range[1]), inFlight, failure, end);
        }
        acquire(inFlight, window, end);
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /**
     * What a guarded write did: {@code landed} has the index of every op whose multi ZooKeeper applied; an op not in
     * it either lost a race inside its own multi (a version moved), lost its reply with the connection, or was never
     * sent because an earlier multi's guard failed ({@code fenced}): the caller re-reads before trying again.
     */
    public record Outcome(BitSet landed, boolean fenced) {
    }

    /**
     * The ops in multis that each begin with {@code guard}; once a guard fails no further multi is sent. Per-multi
     * errors (a version check inside the batch, a lost connection) do not stop the others.
     */
    public Outcome writeGuarded(Op guard, List<Op> ops, List<Integer> sizes) throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + deadline.toNanos();
        Semaphore inFlight = new Semaphore(window);
        BitSet landed = new BitSet(ops.size());
        AtomicBoolean fenced = new AtomicBoolean();
        int guardSize = guard.getPath().length() + 32;
        for (int[] range : batches(ops, sizes, guardSize)) {
            acquire(inFlight, 1, end);
            if (fenced.get()) {
                inFlight.release();
                break;
            }
            List<Op> batch = new ArrayList<>(range[1] - range[0] + 1);
            batch.add(guard);
            batch.addAll(ops.subList(range[0], range[1]));
            zk.multi(batch, (rc, path, ctx, results) -> {
                if (rc == KeeperException.Code.OK.intValue()) {
                    synchronized (landed) {
                        landed.set(range[0], range[1]);
                    }
                } else if (ZkErrors.firstOpFailed(results)) {
                    fenced.set(true);
                }
                inFlight.release();
            }, null);
        }
        acquire(inFlight, window, end);
        synchronized (landed) {
            return new Outcome((BitSet) landed.clone(), fenced.get());
        }
    }

    /** [from, to) ranges of ops whose sizes (data + path + framing, plus {@code extra} per multi) fit a batch. */
    private List<int[]> batches(List<Op> ops, List<Integer> sizes, int extra) {
        List<int[]> ranges = new ArrayList<>();
        int from = 0;
        int bytes = extra;
        for (int i = 0; i < ops.size(); i++) {
            int size = sizes.get(i) + ops.get(i).getPath().length() + 32;
            if (i > from && (bytes + size > batchBytes || i - from >= maxOps)) {
                ranges.add(new int[] {from, i});
                from = i;
                bytes = extra;
            }
            bytes += size;
        }
        if (from < ops.size()) {
            ranges.add(new int[] {from, ops.size()});
        }
        return ranges;
    }

    private void send(List<Op> batch, Semaphore inFlight, AtomicReference<RuntimeException> failure, long end)
            throws InterruptedException, TimeoutException {
        acquire(inFlight, 1, end);
        RuntimeException earlier = failure.get();
        if (earlier != null) {
            inFlight.release();
            throw earlier;
        }
        zk.multi(batch, (rc, path, ctx, results) -> {
            if (rc != KeeperException.Code.OK.intValue()) {
                failure.compareAndSet(null, ZkErrors.explain(KeeperException.create(KeeperException.Code.get(rc),
                        batch.get(0).getPath()), zk.toString()));
            }
            inFlight.release();
        }, null);
    }

    private static void acquire(Semaphore s, int permits, long end) throws InterruptedException, TimeoutException {
        long left = end - System.nanoTime();
        if (left <= 0 || !s.tryAcquire(permits, left, TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("ZooKeeper did not answer a bulk write before its deadline");
        }
    }
}
