package io.hakeeper.core.health;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one service, as Hadoop's HealthMonitor does, and tells its listener when the state changes (only then).
 * The checks run every {@code checkInterval}, or after {@code sleepAfterDisconnect} once the service stopped
 * answering. Besides, a connection to the service is kept open: when the service dies its socket closes, and the
 * checks run at once, so a crash is noticed in milliseconds rather than at the next poll.
 *
 * <p>The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

    /** Called on the monitor's thread, in order, once per change. */
    public interface Listener {
        void stateChanged(HealthState previous, HealthState now, String reason);
    }

    private final String name;
    private final List<HealthCheck> checks;
    private final InetSocketAddress watched;
    private final HealthSettings settings;
    private final Listener listener;
    private final Object wakeUp = new Object();
    private boolean wakeRequested;
    private volatile boolean closed;
    private volatile HealthState state = HealthState.INITIALIZING;
    private volatile String reason = "not checked yet";
    private Thread loop;
    private Thread watch;
    private volatile Socket watchSocket;

    /**
     * @param watched the service port to hold a connection to, or null for no connection watch
     */
    public HealthMonitor(String name, List<HealthCheck> checks, InetSocketAddress watched, HealthSettings settings,
                         Listener listener) {
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a health monitor needs at least one check");
        }
        this.name = name;
        this.checks = List.copyOf(checks);
        this.watched = watched;
        this.settings = settings;
        this.listener = listener;
    }

    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("health monitor " + name + " already started");
        }
        loop = new Thread(this::runLoop, "health-" + name);
        loop.setDaemon(true);
        loop.start();
        if (watched != null) {
            watch = new Thread(this::watchConnection, "health-watch-" + name);
            watch.setDaemon(true);
            watch.start();
        }
    }

    public HealthState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    private void runLoop() {
        while (!closed) {
            HealthCheck.Result result;
            try {
                result = checkAll();
            } catch (RuntimeException e) {
                LOG.error("{}: the health monitor failed", name, e);
                change(new HealthCheck.Result(HealthState.HEALTH_MONITOR_FAILED, "the monitor failed: " + e));
                return;
            }
            change(result);
            Duration pause = result.state() == HealthState.SERVICE_NOT_RESPONDING
                    ? settings.sleepAfterDisconnect() : settings.checkInterval();
            sleepUnlessWoken(pause);
        }
    }

    /** The first check that is not healthy decides; all healthy is healthy. */
    private HealthCheck.Result checkAll() {
        for (HealthCheck c : checks) {
            HealthCheck.Result r = c.check(settings.checkTimeout());
            if (r.state() != HealthState.SERVICE_HEALTHY) {
                return r;
            }
        }
        return HealthCheck.Result.healthy();
    }

    private void change(HealthCheck.Result result) {
        HealthState previous = state;
        reason = result.reason();
        if (previous == result.state() || closed) {
            return;
        }
        state = result.state();
        LOG.info("{}: {} -> {} ({})", name, previous, result.state(), result.reason());
        listener.stateChanged(previous, result.state(), result.reason());
    }

    private void watchConnection() {
        while (!closed) {
            try (Socket s = new Socket()) {
                watchSocket = s;
                s.connect(watched, (int) settings.checkTimeout().toMillis());
                InputStream in = s.getInputStream();
                byte[] buf = new byte[512];
                while (!closed && in.read(buf) >= 0) {
                    // services do not talk to us; anything read is ignored until the connection ends
                }
                if (!closed) {
                    LOG.debug("{}: connection to {} closed; checking now", name, watched);
                    wake();
                }
            } catch (Exception e) {
                if (!closed) {
                    wake();
                    sleep(settings.connectRetryInterval());
                }
            }
        }
    }

    private void wake() {
        synchronized (wakeUp) {
            wakeRequested = true;
            wakeUp.notifyAll();
        }
    }

    private void sleepUnlessWoken(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        synchronized (wakeUp) {
            while (!wakeRequested && !closed) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wakeUp.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            wakeRequested = false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        wake();
        Socket s = watchSocket;
        if (s != null) {
            try {
                s.close(); // a blocked read ignores interrupts; closing the socket ends it
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
    }
}
