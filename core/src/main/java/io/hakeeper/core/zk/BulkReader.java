package io.hakeeper.core.zk;

import io.hakeeper.core.error.ZkErrors;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;

/**
 * Reads many znodes fast (docs/ARCHITECTURE.md): the reads go in batches to ZooKeeper's read-only {@code multi}
 * ({@link Op#getData}, {@link Op#getChildren}), and a bounded window of batches is in flight at once, so the cost is
 * a few round trips per thousand znodes instead of one per znode. A batch that fails as a whole (connection loss)
 * is sent again, since reads are idempotent, until the deadline. Each op's own error (a znode deleted meanwhile)
 * comes back as its {@link OpResult.ErrorResult}, as the read-only multi reports it.
 */
public final class BulkReader {
    public static final int DEFAULT_BATCH = 100;
    public static final int DEFAULT_WINDOW = 16;

    private final ZooKeeper zk;
    private final int batch;
    private final int window;
    private final Duration deadline;

    public BulkReader(ZooKeeper zk, Duration deadline) {
        this(zk, DEFAULT_BATCH, DEFAULT_WINDOW, deadline);
    }

    public BulkReader(ZooKeeper zk, int batch, int window, Duration deadline) {
        if (batch < 1 || window < 1) {
            throw new IllegalArgumentException("batch and window must be positive");
        }
        this.zk = zk;
        this.batch = batch;
        this.window = window;
        this.deadline = deadline;
    }

    /** The result of every op, in the order of {@code ops}. */
    public List<OpResult> read(List<Op> ops) throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + deadline.toNanos();
        OpResult[] results = new OpResult[ops.size()];
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Queue<int[]> pending = new ArrayDeque<>();
        for (int from = 0; from < ops.size(); from += batch) {
            pending.add(new int[] {from, Math.min(ops.size(), from + batch)});
        }
        while (!pending.isEmpty()) {
            Queue<int[]> lost = new ConcurrentLinkedQueue<>();
            Semaphore inFlight = new Semaphore(window);
            for (int[] range; (range = pending.poll()) != null; ) {
                acquire(inFlight, 1, end);
                send(ops, range, results, inFlight, lost, failure);
            }
            acquire(inFlight, window, end); // every batch answered
            rethrow(failure);
            if (!lost.isEmpty()) {
                Thread.sleep(50); // the connection is coming back: resend what it lost (reads are idempotent)
                pending.addAll(lost);
            }
        }
        return List.of(results);
    }

    private void send(List<Op> ops, int[] range, OpResult[] results, Semaphore inFlight, Queue<int[]> lost,
            AtomicReference<RuntimeException> failure) {
        List<Op> slice = ops.subList(range[0], range[1]);
        zk.multi(slice, (rc, path, ctx, opResults) -> {
            try {
                // With results, rc is only the first op's error (the client's summary): each op has its own result
                if (opResults != null && opResults.size() == slice.size()) {
                    for (int i = 0; i < opResults.size(); i++) {
                        results[range[0] + i] = opResults.get(i);
                    }
                } else if (rc == KeeperException.Code.CONNECTIONLOSS.intValue()
                        || rc == KeeperException.Code.OPERATIONTIMEOUT.intValue()) {
                    lost.add(range);
                } else {
                    failure.compareAndSet(null, ZkErrors.explain(KeeperException.create(KeeperException.Code.get(rc),
                            slice.get(0).getPath()), zk.toString()));
                }
            } finally {
                inFlight.release();
            }
        }, null);
    }

    private static void acquire(Semaphore s, int permits, long end) throws InterruptedException, TimeoutException {
        long left = end - System.nanoTime();
        if (left <= 0 || !s.tryAcquire(permits, left, TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("ZooKeeper did not answer a bulk read before its deadline");
        }
    }

    private static void rethrow(AtomicReference<RuntimeException> failure) {
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }
}
