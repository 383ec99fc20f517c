package io.hakeeper.core.util;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one thread an agent decides on (docs/ARCHITECTURE.md: a daemon is one readable loop): a tick at a fixed delay, extra
 * ticks on demand ({@link #wake()}, e.g. from a watch), tasks run later; all on the same daemon thread, so the
 * agent's state needs no locks. The constructor starts nothing; {@link #close()} is idempotent and waits (bounded)
 * for a running tick to end.
 */
public final class AgentLoop implements AutoCloseable {
    private final ScheduledExecutorService executor;
    private Runnable tick;
    private volatile boolean closed;

    public AgentLoop(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code tick} now and then every {@code period} after the previous run ended. */
    public synchronized void start(Runnable tick, Duration period) {
        if (this.tick != null) {
            throw new IllegalStateException("loop already started");
        }
        this.tick = tick;
        executor.scheduleWithFixedDelay(tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An extra tick as soon as the thread is free; nothing once closed. */
    public void wake() {
        Runnable t = tick;
        if (t != null) {
            execute(t);
        }
    }

    /** {@code task} on the loop's thread; nothing once closed. */
    public void execute(Runnable task) {
        if (!closed) {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    /** {@code task} on the loop's thread after {@code delay}; nothing once closed. */
    public void later(Runnable task, Duration delay) {
        if (!closed) {
            try {
                executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
