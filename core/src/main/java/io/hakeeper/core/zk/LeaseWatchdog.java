package io.hakeeper.core.zk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease on everything a role holds through one ZooKeeper session, watched on a thread that never blocks on
 * ZooKeeper, a health check or a listener: one daemon thread for every watchdog of the process (a JVM may run a
 * thousand agents, as the benchmarks do; a thread each, waking forty times a second, would starve them). A role
 * takes a {@link Hold} when it becomes active and releases it when it stops; when the lease lapses (by {@link SessionTracker#leaseLapsed(double)}, the rule every lease
 * holder shares, measured from the send time of the last answered request), every hold's
 * {@code onLapse} runs once, on this thread, however long the role's own loop is stuck in a call. {@code onLapse}
 * must not block either: it revokes (flips a flag the role's writes check) and hands anything slow to another
 * thread (the role's loop, or a thread of its own for a command that stops a process). A session known to be lost
 * (expired) fires every hold at once, whatever the lease says: whatever it held is gone already.
 *
 * <p>The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class LeaseWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseWatchdog.class);
    private static final long CHECK_EVERY_MS = 25;
    /** The started, open watchdogs; the one lease thread checks each of them every {@link #CHECK_EVERY_MS}. */
    private static final java.util.Set<LeaseWatchdog> LIVE = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService thread;

    /** One role's claim on the lease. */
    public interface Hold {
        /** The role stopped on its own: its onLapse will not run. Idempotent. */
        void release();
    }

    private final SessionTracker session;
    private final double fraction;
    private final String name;
    /** A hold's revocation, and whether a session loss heard of at once fires it too. */
    private record Held(Runnable onLapse, boolean onSessionLoss) {
    }

    private final Map<Long, Held> holds = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();

    public LeaseWatchdog(SessionTracker session, double fraction, String name) {
        this.session = session;
        this.fraction = fraction;
        this.name = name;
    }

    public synchronized LeaseWatchdog start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("lease watchdog " + name + " already started");
        }
        startTheLeaseThread();
        LIVE.add(this);
        session.addListener(new SessionTracker.Listener() {
            @Override
            public void lost() {
                fireAll("the session expired", false); // on Curator's event thread: the callbacks do not block
            }
        });
        return this;
    }

    /**
     * Takes a hold. {@code onLapse} runs once, on the watchdog's thread, when the lease lapses while the hold is
     * kept; it must not block.
     */
    public Hold hold(String what, Runnable onLapse) {
        return hold(what, true, onLapse);
    }

    /**
     * A hold against silence only: a session loss that this process hears of at once (ZooKeeper answered, so the
     * process is not cut off) does not fire it. For a self-fence whose cost is a stopped server (the RegionServer's),
     * where re-registering in the new session is the better answer.
     */
    public Hold holdAgainstSilence(String what, Runnable onLapse) {
        return hold(what, false, onLapse);
    }

    private Hold hold(String what, boolean onSessionLoss, Runnable onLapse) {
        long id = ids.incrementAndGet();
        holds.put(id, new Held(() -> {
            LOG.warn("{}: {} revoked", name, what);
            onLapse.run();
        }, onSessionLoss));
        return () -> holds.remove(id);
    }

    /** True when the lease has lapsed now. */
    public boolean lapsed() {
        return session.leaseLapsed(fraction);
    }

    private static synchronized void startTheLeaseThread() {
        if (thread == null) {
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hakeeper-lease");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(() -> LIVE.forEach(w -> {
                try {
                    w.check();
                } catch (RuntimeException e) { // one watchdog's failure must not end the checks of all the others
                    LOG.error("{}: lease check failed: {}", w.name, e.toString());
                }
            }), CHECK_EVERY_MS, CHECK_EVERY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        if (!holds.isEmpty() && lapsed()) {
            fireAll("lease lapsed: no word from ZooKeeper for " + session.sinceLastHeard().toMillis() + " ms (the lease is "
                    + session.leaseBudget(fraction).toMillis() + " ms of the " + session.negotiatedSessionTimeout().toMillis()
                    + " ms session)",
                    true);
        }
    }

    private void fireAll(String why, boolean silence) {
        if (!holds.isEmpty()) {
            LOG.warn("{}: {}", name, why);
        }
        for (Map.Entry<Long, Held> h : holds.entrySet()) {
            if (!silence && !h.getValue().onSessionLoss()) {
                continue;
            }
            if (holds.remove(h.getKey()) != null) { // once: a release or the other path may have taken it meanwhile
                try {
                    h.getValue().onLapse().run();
                } catch (RuntimeException e) {
                    LOG.error("{}: a lease revocation failed: {}", name, e.toString());
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        LIVE.remove(this);
        holds.clear();
    }
}
