package io.hakeeper.zkfc;

import java.time.Duration;

/**
 * How long a lease the controller may grant its master now. Another controller can win only after our session expires
 * at the server, which is no sooner than the session timeout after the last heartbeat we heard back (it was sent, and
 * so received, no later than we heard). The master starts its lease's clock when the grant reaches it, up to the
 * call's timeout later. So a grant is cut to end, at the latest, a safety margin before that earliest expiry:
 *
 * <pre>grant = min(lease, sessionLeft - callTimeout - margin)</pre>
 *
 * and none is given when less than {@link #SMALLEST} would be left (the master's lease then runs out by itself).
 * Without the cut, a renewal sent just before the elector's own lease lapsed (two thirds of the session) gave the
 * master a full lease (a third) on top: the master could act until the very moment a new active could begin.
 */
final class MasterLeaseGrant {
    /** Below this a grant is not worth a call: the master's lease runs out instead. */
    static final Duration SMALLEST = Duration.ofMillis(20);

    private MasterLeaseGrant() {
    }

    /**
     * @param lease       the configured lease ({@code hakeeper.master.lease.ms})
     * @param sessionLeft the session timeout less the time since we last heard from ZooKeeper (zero or less: none)
     * @param callTimeout how late the call may reach the master
     * @param margin      kept clear before the earliest expiry (a tenth of the session)
     * @return the lease to grant, or {@link Duration#ZERO} for none
     */
    static Duration grant(Duration lease, Duration sessionLeft, Duration callTimeout, Duration margin) {
        Duration cut = sessionLeft.minus(callTimeout).minus(margin);
        Duration g = cut.compareTo(lease) < 0 ? cut : lease;
        return g.compareTo(SMALLEST) < 0 ? Duration.ZERO : g;
    }

    /** The renewal's call timeout: a renewal that takes half the lease is no use, so never wait longer than that. */
    static Duration renewalTimeout(Duration lease, Duration callTimeout) {
        Duration half = lease.dividedBy(2);
        return half.compareTo(callTimeout) < 0 ? half : callTimeout;
    }
}
