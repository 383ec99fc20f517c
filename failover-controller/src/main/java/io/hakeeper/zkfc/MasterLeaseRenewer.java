package io.hakeeper.zkfc;

import io.hakeeper.zkfc.target.LeaseLapsedException;
import io.hakeeper.zkfc.target.ServiceTarget;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews an active master's lease every third of it, on a thread of its own (a renewal is a call to the master and
 * may take up to its timeout). One epoch at a time: starting a new epoch's renewal cancels the old one, and each
 * renewal stops itself, and only itself, once the elector no longer holds its epoch. A renewal the master refuses
 * because its lease ran out is reported once, and the renewal stops. Each grant is cut to end before our session
 * could expire ({@link MasterLeaseGrant}); when nothing is left to grant, no renewal is sent and the master's lease
 * runs out by itself.
 */
final class MasterLeaseRenewer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterLeaseRenewer.class);

    /** Told, once per epoch, that the master refused a renewal because its lease had run out. */
    interface Refused {
        void leaseRanOut(long epoch, String why);
    }

    private final String node;
    private final ServiceTarget target;
    private final Duration callTimeout;
    private final LongPredicate stillHeld;
    private final Supplier<Duration> sessionLeft;
    private final Duration margin;
    private final Refused refused;
    private final ScheduledExecutorService thread;
    private ScheduledFuture<?> current;
    /** The lock a running renewal holds: {@link #stop()} waits for it, so no grant is sent after it returns. */
    private Object currentLock = new Object();
    /**
     * On the monotonic clock, the moment every lease granted so far has surely ended: the latest send time plus the
     * call's timeout (how late the grant may reach the master) plus the grant. Raised before each grant is sent.
     */
    private final java.util.concurrent.atomic.AtomicLong leaseOverAtNanos = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    /**
     * @param stillHeld   whether the elector still holds this epoch (and its lease)
     * @param sessionLeft how long our session is sure to outlive any rival ({@code Elector.sessionLeft()})
     * @param margin      kept clear before that (a tenth of the session)
     */
    MasterLeaseRenewer(String node, ServiceTarget target, Duration callTimeout, LongPredicate stillHeld,
                       Supplier<Duration> sessionLeft, Duration margin, Refused refused) {
        this.node = node;
        this.target = target;
        this.callTimeout = callTimeout;
        this.stillHeld = stillHeld;
        this.sessionLeft = sessionLeft;
        this.margin = margin;
        this.refused = refused;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zkfc-lease-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** Renews {@code lease} for {@code epoch} from now on, in place of any earlier epoch's renewal. */
    synchronized void start(long epoch, Duration lease) {
        stop();
        long every = Math.max(50, lease.toMillis() / 3);
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable renewal = () -> renew(epoch, lease, self);
        synchronized (self) {
            self[0] = thread.scheduleWithFixedDelay(() -> {
                synchronized (self) {
                    renewal.run();
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }
        current = self[0];
        currentLock = self;
    }

    /** Stops the renewals, waiting for one under way (at most its call's timeout): none is sent after this returns. */
    synchronized void stop() {
        if (current != null) {
            current.cancel(false);
            current = null;
            synchronized (currentLock) {
                // a renewal that began before the cancel has finished
            }
        }
    }

    /** The master answered an activation carrying {@code grant}: it received it by now, so it ends by now + grant. */
    void received(Duration grant) {
        leaseOverAtNanos.accumulateAndGet(System.nanoTime() + grant.toNanos(), Math::max);
    }

    /**
     * How long until every lease granted so far has surely ended (zero when it has, or none was granted). After
     * {@link #stop()}, nothing extends it.
     */
    Duration untilLeaseOver() {
        long at = leaseOverAtNanos.get();
        return at == Long.MIN_VALUE ? Duration.ZERO : Duration.ofNanos(Math.max(0, at - System.nanoTime()));
    }

    private void renew(long epoch, Duration lease, ScheduledFuture<?>[] self) {
        if (!stillHeld.test(epoch)) {
            self[0].cancel(false);
            return;
        }
        Duration timeout = MasterLeaseGrant.renewalTimeout(lease, callTimeout);
        Duration grant = grant(lease, timeout);
        if (grant.isZero()) {
            LOG.debug("{}: no renewal: too little of our session is sure to be left", node);
            return;
        }
        try {
            target.renewActive(epoch, grant, timeout);
        } catch (LeaseLapsedException e) {
            self[0].cancel(false);
            refused.leaseRanOut(epoch, e.getMessage());
        } catch (Exception e) {
            LOG.warn("{}: could not renew the master's lease ({}); it stands down by itself if this goes on", node,
                    e.toString());
        }
    }

    /**
     * The lease to give now, with a call of {@code timeout}: zero when none may be given. The caller sends it at once:
     * it is counted in {@link #untilLeaseOver()} from now.
     */
    Duration grant(Duration lease, Duration timeout) {
        Duration g = MasterLeaseGrant.grant(lease, sessionLeft.get(), timeout, margin);
        if (!g.isZero()) {
            long over = System.nanoTime() + timeout.toNanos() + g.toNanos();
            leaseOverAtNanos.accumulateAndGet(over, Math::max);
        }
        return g;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
