package io.hakeeper.zkfc;

import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.fencing.FencingChain;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election's callbacks, turned into calls to the master and to the fencing chain: make the master active (with
 * its lease, renewed by {@link MasterLeaseRenewer}), make it standby, fence the previous active. Called on the
 * elector's loop thread, one at a time. Knows whether the master last said it is active.
 */
final class MasterTransitions implements ElectorListener {
    private static final Logger LOG = LoggerFactory.getLogger(MasterTransitions.class);

    /** What the controller hears of: the master stood down (the fail-back delay restarts), or a fatal error. */
    interface Controller {
        void masterStoodDown();

        void fatal(String reason, Throwable cause);
    }

    private final ZkfcSettings settings;
    private final NodeSpec local;
    private final FencingChain fencing;
    private final MasterLeaseRenewer renewer;
    private final LastTransition last;
    private final Controller controller;
    private final Counter toActive;
    private final Counter toStandby;
    private final Counter fenceFailures;
    private final Timer becomingActive;
    /** The master answered our last activation or renewal as active; false once it stood down or was told to. */
    private volatile boolean masterActive;

    MasterTransitions(ZkfcSettings settings, FencingChain fencing, MasterLeaseRenewer renewer, LastTransition last,
            MeterRegistry registry, Controller controller) {
        this.settings = settings;
        this.local = settings.local();
        this.fencing = fencing;
        this.renewer = renewer;
        this.last = last;
        this.controller = controller;
        this.toActive = Counter.builder("hakeeper_zkfc_transitions").tag("to", "active").register(registry);
        this.toStandby = Counter.builder("hakeeper_zkfc_transitions").tag("to", "standby").register(registry);
        this.fenceFailures = Counter.builder("hakeeper_zkfc_fencing_failures").register(registry);
        this.becomingActive = Timer.builder("hakeeper_zkfc_becoming_active").description("fence + make the master active")
                .register(registry);
    }

    boolean masterActive() {
        return masterActive;
    }

    /** The master refused a renewal: its lease ran out and it stood down by itself. */
    void masterLeaseRanOut() {
        masterActive = false;
    }

    @Override
    public void becomeActive(long epoch) throws Exception {
        LOG.info("{}: elected; making {} active (epoch {})", local.id(), local.target().describe(), epoch);
        long start = System.nanoTime();
        Duration lease = settings.masterLease();
        if (local.target().supportsLease() && !lease.isZero()) {
            renewer.stop();
            // The activation may take long to complete, but reaches the master as fast as a renewal: cut the grant by
            // the renewal's timeout. Refused (and tried again after the backoff) when the quorum has been quiet too long.
            Duration first = renewer.grant(lease, MasterLeaseGrant.renewalTimeout(lease, settings.gracefulFenceTimeout()));
            if (first.isZero()) {
                throw new IllegalStateException("too little of our session is sure to be left to grant the master a lease");
            }
            try {
                local.target().transitionToActive(epoch, first, settings.newActiveTimeout());
                renewer.received(first); // the call may have taken longer than a renewal's: count from its answer too
                renewer.start(epoch, lease);
            } catch (Exception e) {
                // the master may have become active all the same (a lost answer): the elector is about to let the
                // lock go, so make it standby, or wait its lease out, first (docs/fencing-with-leases.md)
                renewer.stop();
                try {
                    standDownOrWaitOutLease();
                } catch (Exception standby) {
                    e.addSuppressed(standby);
                }
                throw e;
            }
        } else {
            local.target().transitionToActive(epoch, settings.newActiveTimeout());
        }
        masterActive = true;
        long took = System.nanoTime() - start;
        becomingActive.record(took, TimeUnit.NANOSECONDS);
        toActive.increment();
        last.record("active", "elected, epoch " + epoch);
        LOG.info("{} is active (epoch {}), transition took {} ms", local.id(), epoch, TimeUnit.NANOSECONDS.toMillis(took));
    }

    /**
     * Makes the master standby. When it cannot be told (frozen, cut off, gone) and it holds hakeeper's lease, this
     * waits until every lease granted to it has surely run out before throwing (the elector then keeps the breadcrumb
     * and leaves the lock): so whenever our lock is gone, our master is standby or its lease is over, which is what
     * lets the next active skip the graceful fence (docs/fencing-with-leases.md).
     */
    @Override
    public void becomeStandby() throws Exception {
        renewer.stop();
        masterActive = false;
        controller.masterStoodDown(); // a preferred node waits a whole delay before failing back
        standDownOrWaitOutLease();
        toStandby.increment();
        last.record("standby", "left the election or lost it");
        LOG.info("{} is standby", local.id());
    }

    /**
     * Tells the master to stand down; when it cannot be told, waits until every lease granted to it has surely run
     * out (unless it is not running at all), then throws what the call threw.
     */
    private void standDownOrWaitOutLease() throws Exception {
        try {
            local.target().transitionToStandby(settings.gracefulFenceTimeout());
        } catch (Exception e) {
            Duration left = renewer.untilLeaseOver();
            if (!left.isZero() && notRunning(e)) {
                LOG.warn("{}: the master is not running (this host refused the connection: {}); nothing to wait for",
                        local.id(), e.toString());
            } else if (!left.isZero()) {
                LOG.warn("{}: the master could not be made standby ({}); waiting {} ms for its lease to run out before"
                        + " our lock can go", local.id(), e.toString(), left.toMillis());
                Thread.sleep(left.toMillis() + 1);
            }
            throw e;
        }
    }

    @Override
    public void enterNeutral() {
        LOG.warn("{}: lost ZooKeeper; the master stays as it is until the lease lapses", local.id());
    }

    @Override
    public void fenceOldActive(byte[] breadcrumb) throws Exception {
        ActiveNodeInfo old = ActiveNodeInfo.CODEC.decode(settings.layout().breadcrumb().path(), breadcrumb, null);
        NodeSpec oldNode = settings.nodes().get(old.namenodeId());
        if (oldNode == null || !sameHost(oldNode.host(), old.hostname()) || oldNode.port() != old.port()) {
            throw new IllegalStateException("the breadcrumb names " + old + ", which does not match the configured"
                    + " masters " + settings.nodes().keySet() + ": refusing to guess whom to fence");
        }
        FencingChain chain;
        if (leaseRanOut(oldNode)) {
            // Its controller never let its lease outlive its lock (docs/fencing-with-leases.md): by the time we hold the
            // lock the old master has stood down by itself, so asking it to is no use, and against a frozen or cut-off
            // host would cost the whole graceful-fence timeout. The configured methods still run, as Hadoop's would.
            LOG.info("{}: the previous active {} holds hakeeper's lease, which has run out now that its lock is gone: no"
                    + " graceful fence{}", local.id(), old, fencing.isEmpty() ? "" : "; running the fencing methods");
            if (fencing.isEmpty()) {
                last.record("fenced", old.namenodeId() + "'s lease ran out");
                return;
            }
            chain = fencing;
        } else {
            LOG.info("{}: fencing the previous active {}", local.id(), old);
            chain = fencing.startingWith(new GracefulFence(oldNode.target(), settings.gracefulFenceTimeout()));
        }
        FencingChain.Outcome outcome = chain.fence(oldNode.fenceTarget());
        if (!outcome.fenced()) {
            fenceFailures.increment();
            last.record("not active", "could not fence " + old.namenodeId() + ": " + String.join("; ", outcome.attempts()));
            throw new IllegalStateException("could not fence " + old + ": " + String.join("; ", outcome.attempts()));
        }
    }

    /**
     * Whether the failed call proves the master is not running: the call goes straight to an address of this host
     * (the target's own endpoint, not the node's name) and this host's kernel refused the connection, so nothing
     * listens where the master did (a process that has exited cannot act). A firewall between hosts can refuse a
     * connection on behalf of a master that runs on, so a remote refusal proves nothing; nor does a target reached
     * through a local proxy (configure such a target with its real address, or accept the wait).
     */
    private boolean notRunning(Exception e) {
        boolean refused = false;
        for (Throwable t = e; t != null && !refused; t = t.getCause()) {
            refused = t instanceof java.net.ConnectException;
        }
        java.util.Optional<java.net.InetSocketAddress> endpoint = local.target().endpoint();
        if (!refused || endpoint.isEmpty()) {
            return false;
        }
        try {
            java.net.InetAddress address = java.net.InetAddress.getByName(endpoint.get().getHostString());
            return address.isLoopbackAddress() || java.net.NetworkInterface.getByInetAddress(address) != null;
        } catch (Exception unknown) {
            return false;
        }
    }

    /**
     * Whether the old active's master held hakeeper's lease, so that it has surely stood down by now: leases are on
     * in this configuration (every controller of the group reads the same one) and that master honours them.
     */
    private boolean leaseRanOut(NodeSpec oldNode) {
        return settings.lease() && !settings.masterLease().isZero() && oldNode.target().supportsLease()
                && !settings.gracefulFenceWithLease();
    }

    @Override
    public void fatal(String reason, Throwable cause) {
        controller.fatal(reason, cause);
    }

    /**
     * Whether the breadcrumb's host is the configured one: the same name, or names of the same address (Hadoop's
     * ZKFC compares resolved addresses, so its breadcrumb may say localhost where our config says 127.0.0.1).
     */
    private static boolean sameHost(String configured, String written) {
        if (configured.equalsIgnoreCase(written)) {
            return true;
        }
        try {
            return java.net.InetAddress.getByName(configured).equals(java.net.InetAddress.getByName(written));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
