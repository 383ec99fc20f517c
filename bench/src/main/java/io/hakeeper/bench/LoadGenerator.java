package io.hakeeper.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * N raw ZooKeeper clients, spread over the ensemble's members, each keeping a bounded window of asynchronous
 * requests in flight: setData (writes) or getData (reads) of fixed-size payloads on pre-created znodes, so the
 * data tree does not grow while we measure.
 */
final class LoadGenerator implements AutoCloseable {
    private static final int WINDOW = 64;
    private static final int ZNODES_PER_CLIENT = 16;

    private final List<ZooKeeper> clients = new ArrayList<>();
    private final byte[] payload;

    LoadGenerator(List<String> servers, int clientCount, int payloadBytes) throws Exception {
        this.payload = new byte[payloadBytes];
        for (int i = 0; i < clientCount; i++) {
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper(servers.get(i % servers.size()), 30_000, e -> {
                if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            clients.add(zk);
            if (!connected.await(30, TimeUnit.SECONDS)) {
                throw new IOException("bench client " + i + " could not connect to " + servers.get(i % servers.size()));
            }
        }
        ZooKeeper first = clients.get(0);
        createIfMissing(first, "/bench");
        for (int c = 0; c < clientCount; c++) {
            createIfMissing(first, "/bench/c" + c);
            for (int n = 0; n < ZNODES_PER_CLIENT; n++) {
                createIfMissing(first, "/bench/c" + c + "/n" + n);
            }
        }
    }

    private void createIfMissing(ZooKeeper zk, String path) throws Exception {
        try {
            zk.create(path, payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException ignored) {
            // a previous run made it
        }
    }

    /** Runs the workload for {@code warmup + measure} and returns the operations per second of the measured part. */
    double run(boolean writes, Duration warmup, Duration measure) throws InterruptedException {
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + warmup.toNanos() + measure.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            ZooKeeper zk = clients.get(c);
            String prefix = "/bench/c" + c + "/n";
            Thread t = new Thread(() -> drive(zk, prefix, writes, end, completed, failed), "load-" + c);
            threads.add(t);
            t.start();
        }
        Thread.sleep(warmup.toMillis());
        long startCount = completed.get();
        long startNanos = System.nanoTime();
        Thread.sleep(measure.toMillis());
        long ops = completed.get() - startCount;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        for (Thread t : threads) {
            t.join(30_000);
        }
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " requests failed during the run: the figures would lie");
        }
        return ops / seconds;
    }

    private void drive(ZooKeeper zk, String prefix, boolean writes, long end, AtomicLong completed, AtomicLong failed) {
        Semaphore window = new Semaphore(WINDOW);
        AsyncCallback.StatCallback onWrite = (rc, path, ctx, stat) -> done(rc, window, completed, failed);
        AsyncCallback.DataCallback onRead = (rc, path, ctx, data, stat) -> done(rc, window, completed, failed);
        int i = 0;
        try {
            while (System.nanoTime() < end) {
                if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                String path = prefix + (i++ % ZNODES_PER_CLIENT);
                if (writes) {
                    zk.setData(path, payload, -1, onWrite, null);
                } else {
                    zk.getData(path, false, onRead, null);
                }
            }
            window.tryAcquire(WINDOW, 30, TimeUnit.SECONDS); // drain what is in flight
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void done(int rc, Semaphore window, AtomicLong completed, AtomicLong failed) {
        if (rc == KeeperException.Code.OK.intValue()) {
            completed.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
        window.release();
    }

    @Override
    public void close() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close(5_000);
        }
    }
}
