package io.hakeeper.core.zk;

import io.hakeeper.core.error.ZkErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;

/**
 * Writes many znodes fast (design.md §2): ops go in {@code multi}s kept well under {@code jute.maxbuffer} (by the
 * bytes of their paths and data), with a bounded window of multis in flight. Each multi is atomic; the whole is not.
 * Unlike reads, a batch lost with the connection is not resent (a create may have been applied): the caller hears
 * of it and decides.
 */
public final class BulkWriter {
    /** Half of ZooKeeper's default 1 MiB jute.maxbuffer: room for the request's own framing. */
    public static final int DEFAULT_BATCH_BYTES = 512 * 1024;
    public static final int DEFAULT_MAX_OPS = 1000;
    public static final int DEFAULT_WINDOW = 8;

    private final ZooKeeper zk;
    private final int batchBytes;
    private final int window;
    private final Duration deadline;

    public BulkWriter(ZooKeeper zk, Duration deadline) {
        this(zk, DEFAULT_BATCH_BYTES, DEFAULT_WINDOW, deadline);
    }

    public BulkWriter(ZooKeeper zk, int batchBytes, int window, Duration deadline) {
        this.zk = zk;
        this.batchBytes = batchBytes;
        this.window = window;
        this.deadline = deadline;
    }

    /** The ops in batches; {@code sizes} gives each op's data length (paths are counted here). */
    public void write(List<Op> ops, List<Integer> sizes) throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + deadline.toNanos();
        Semaphore inFlight = new Semaphore(window);
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Op> batch = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < ops.size(); i++) {
            int size = sizes.get(i) + ops.get(i).getPath().length() + 32;
            if (!batch.isEmpty() && (bytes + size > batchBytes || batch.size() >= DEFAULT_MAX_OPS)) {
                send(batch, inFlight, failure, end);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(ops.get(i));
            bytes += size;
        }
        if (!batch.isEmpty()) {
            send(batch, inFlight, failure, end);
        }
        acquire(inFlight, window, end);
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
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
