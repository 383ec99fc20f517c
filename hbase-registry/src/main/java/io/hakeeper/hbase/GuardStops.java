package io.hakeeper.hbase;

import io.hakeeper.core.process.CommandRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RegionServerGuard}'s stops: at most one per incarnation (start code), whoever asks first (the lease
 * thread or the loop), each one log line and a count in {@code hakeeper_rs_guard_stops_total{reason,dry_run}}; the
 * command runs on a thread of its own, and while the RegionServer's pid still lives 10 s after it, that is said,
 * counted ({@code hakeeper_rs_guard_stop_failures_total}) and the command run again, three times at most: a stop
 * that did not take must not leave a zombie serving unnoticed. The constructor does no I/O; {@link #close()} is
 * idempotent and lets a stop under way finish (5 s at most).
 */
final class GuardStops implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GuardStops.class);

    private final RegionServerGuard.Stopper stopper;
    private final MeterRegistry metrics;
    private final boolean dryRun;
    private final Consumer<String> status;
    private final ExecutorService thread;
    private final Object lock = new Object();
    private volatile ServerName stopped;

    /** @param status told what is being stopped and why (the guard's status line) */
    GuardStops(RegionServerGuard.Stopper stopper, MeterRegistry metrics, boolean dryRun, Consumer<String> status) {
        this.stopper = stopper;
        this.metrics = metrics;
        this.dryRun = dryRun;
        this.status = status;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rs-guard-stop");
            t.setDaemon(true);
            return t;
        });
    }

    /** A stopper that runs {@code command} with bash (see {@link RegionServerGuard#commandStopper}). */
    static RegionServerGuard.Stopper command(String command, Duration timeout) {
        return (incarnation, pid, reason) -> {
            CommandRunner.Result r = CommandRunner.bash(command, Map.of("HBASE_SERVER", incarnation.toString(),
                    "HBASE_PID", Long.toString(pid), "HAKEEPER_REASON", reason), timeout);
            LOG.warn("rs-guard: the stop command for {} exited {}{}", incarnation, r.exitCode(), r.timedOut() ? " (timed out)" : "");
        };
    }

    /** The incarnation already stopped (never watched or stopped again), null if none. */
    ServerName stopped() {
        return stopped;
    }

    /** Stops {@code incarnation} unless it was already; never blocks (the lease thread calls it). */
    void stop(ServerName incarnation, long pid, String why, String reason) {
        synchronized (lock) {
            if (incarnation.equals(stopped)) {
                return;
            }
            stopped = incarnation;
        }
        metrics.counter("hakeeper_rs_guard_stops", "reason", reason, "dry_run", Boolean.toString(dryRun)).increment();
        String line = (dryRun ? "would stop " : "stopping ") + incarnation + ": " + why;
        status.accept(line);
        LOG.warn("rs-guard: {}", line);
        if (!dryRun) {
            thread.execute(() -> stopUntilGone(incarnation, pid, why, reason));
        }
    }

    private void stopUntilGone(ServerName incarnation, long pid, String why, String reason) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                stopper.stop(incarnation, pid, why);
            } catch (Exception e) {
                LOG.error("rs-guard: the stop command for {} failed: {}", incarnation, e.toString());
            }
            if (pid <= 0 || awaitExit(pid, Duration.ofSeconds(10))) {
                return;
            }
            metrics.counter("hakeeper_rs_guard_stop_failures", "reason", reason).increment();
            LOG.error("rs-guard: {} (pid {}) still runs 10 s after the stop command (attempt {} of 3)", incarnation, pid, attempt);
        }
    }

    private static boolean awaitExit(long pid, Duration deadline) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty()) {
            return true;
        }
        try {
            p.get().onExit().get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !p.get().isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
