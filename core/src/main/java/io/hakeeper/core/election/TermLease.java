package io.hakeeper.core.election;

import io.hakeeper.core.zk.LeaseWatchdog;
import io.hakeeper.core.zk.SessionTracker;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The elector's lease on the term it holds. The watching is the process's one lease thread ({@link LeaseWatchdog},
 * the rule {@link SessionTracker#leaseLapsed(double)}), which never blocks: when the lease lapses, or the session is
 * lost, the term is revoked at once (the {@code held} reference cleared, so no fenced write passes) and the demotion
 * queued on the elector's loop, where the service is told however long the loop is busy. After a lapse the loop
 * polls until the quorum answers again and then asks for a fresh attempt: a lapse need not come with any connection
 * event (quorum writes can stall while our server goes on answering pings), and without one the elector would sit in
 * ACTIVE with no term and no service, holding the lock for ever (the chaos lab found that, seed 20261202).
 *
 * <p>The constructor does no I/O; {@link #start} once; {@link #close()} is idempotent.
 */
final class TermLease implements AutoCloseable {
    private static final long POLL_AFTER_LAPSE_MS = 50;

    private final String name;
    private final SessionTracker session;
    private final ElectorOptions options;
    private final AtomicReference<Term> held;
    private final LeaseWatchdog watchdog;
    private final AtomicReference<LeaseWatchdog.Hold> hold = new AtomicReference<>();
    /** When the last revoked term's lease ran out (System.nanoTime), or Long.MIN_VALUE: see {@link #lastLapseNanos()}. */
    private volatile long lastLapseNanos = Long.MIN_VALUE;

    private ScheduledExecutorService loop;
    private Consumer<String> demote;
    private Runnable quorumBack;

    TermLease(String name, SessionTracker session, ElectorOptions options, AtomicReference<Term> held) {
        this.name = name;
        this.session = session;
        this.options = options;
        this.held = held;
        this.watchdog = new LeaseWatchdog(session, options.leaseFraction(), "elector-" + name);
    }

    /**
     * @param loop       the elector's loop: the demotion and the fresh attempt run there
     * @param demote     tells the service (on the loop), with the reason
     * @param quorumBack after a lapse, once the quorum answers again (on the loop)
     */
    synchronized void start(ScheduledExecutorService loop, Consumer<String> demote, Runnable quorumBack) {
        this.loop = loop;
        this.demote = demote;
        this.quorumBack = quorumBack;
        if (options.lease()) {
            watchdog.start();
        }
    }

    /** The term just began: the lease now watches over it. */
    void began(Term term) {
        if (!options.lease()) {
            return;
        }
        LeaseWatchdog.Hold h = watchdog.hold(term.toString(), () -> {
            long ranOut = ranOutNanos();
            if (held.compareAndSet(term, null)) { // no fenced write of the term passes from now on
                lastLapseNanos = ranOut;
                String why = "lease lapsed: no word from the ZooKeeper quorum for " + session.sinceLastHeard().toMillis()
                        + " ms of the " + session.negotiatedSessionTimeout().toMillis() + " ms session, before anyone else can win";
                loop.execute(() -> {
                    if (held.get() == null) { // else a reconnection queued before this began a newer term: leave it be
                        demote.accept(why);
                    }
                    awaitQuorum();
                });
            }
        });
        LeaseWatchdog.Hold before = hold.getAndSet(h);
        if (before != null) {
            before.release();
        }
    }

    /** The term ended on its own (demotion, quit): the lease no longer watches over it. */
    void ended() {
        LeaseWatchdog.Hold h = hold.getAndSet(null);
        if (h != null) {
            h.release();
        }
    }

    /**
     * When the lease ran out, or now if it has not: budget after the last answered heartbeat was sent. Before the
     * revocation is noticed when this process was frozen, and no fenced write was sent after it (every one checks
     * {@link #lapsed()} first).
     */
    private long ranOutNanos() {
        long now = System.nanoTime();
        return Math.min(now, now - session.sinceLastHeard().toNanos() + session.leaseBudget(options.leaseFraction()).toNanos());
    }

    /** The session was lost while a term was held: its lease ended no later than now (see {@link #lastLapseNanos()}). */
    void sessionLost() {
        if (options.lease() && held.get() != null) {
            lastLapseNanos = ranOutNanos();
        }
    }

    /**
     * When the lease of the last term it revoked ran out, on System.nanoTime's clock (Long.MIN_VALUE when none was):
     * the moment from which no fenced write of that term was sent, even if this process was frozen and noticed later.
     * A host that records when it stopped acting uses it (the chaos lab's RMs).
     */
    long lastLapseNanos() {
        return lastLapseNanos;
    }

    /** True when the election has a lease and it has lapsed now (checked by every reader, not only the watchdog). */
    boolean lapsed() {
        return options.lease() && session.leaseLapsed(options.leaseFraction());
    }

    /**
     * How long our session is sure to outlive any rival: {@link SessionTracker#safeWindow()} less the time since the
     * last heartbeat the quorum answered was sent (so this errs short). Zero or less when it may have expired, and
     * zero before a session is negotiated.
     */
    Duration sessionLeft() {
        Duration window = session.safeWindow();
        return window.isZero() ? Duration.ZERO : window.minus(session.sinceLastHeard());
    }

    /** On the loop, after a lapse: polls until the quorum answers, then asks for a fresh attempt (unless one began). */
    private void awaitQuorum() {
        if (lapsed()) {
            loop.schedule(this::awaitQuorum, POLL_AFTER_LAPSE_MS, TimeUnit.MILLISECONDS);
        } else if (held.get() == null) {
            quorumBack.run();
        }
    }

    @Override
    public void close() {
        ended();
        watchdog.close();
    }
}
