package io.hakeeper.kafka;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.election.ElectorOptions;
import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.election.Term;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.OpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's controller election (KafkaZkClient.registerControllerAndIncrementControllerEpoch) as a layout on the core
 * {@link Elector}: one multi creates the ephemeral {@code /controller} and moves {@code /controller_epoch} on by one,
 * at the version read ({@link ElectorOptions#counterWithLock}). The winner's term is that epoch; every write it makes
 * goes through {@link #fencedWrite}, a multi behind a check of the epoch znode's version (KAFKA-6082), so a zombie
 * controller's writes fail at ZooKeeper as a whole. The elector's lease, proven by quorum writes and watched on a
 * thread of its own, revokes the term (no write passes, {@link #epoch()} says -1) before another broker can win,
 * however long the elector's loop is stuck in a listener; the resignation follows on the loop.
 * The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class KafkaController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaController.class);
    private volatile io.hakeeper.core.error.HakeeperException failure;

    /** What the broker hears of its controllership; every call comes from the elector's loop, in order. */
    public interface Listener {
        /** This broker is controller for {@code term}: its token is the controller epoch; write everything under it. */
        void becameController(Term term);

        void resigned(String why);

        /** The connection to ZooKeeper is gone; whether this broker is still controller is unknown for now. */
        default void disconnected() {
        }
    }

    private final int brokerId;
    private final CuratorFramework client;
    private final Elector elector;
    /**
     * While this broker is controller, looks every second for a real broker that registered since (the elector asks
     * before each attempt; this covers a term already won): the controller then resigns and stays out.
     */
    private final java.util.concurrent.ScheduledExecutorService lookout;
    private boolean started;
    private boolean closed;

    public KafkaController(CuratorFramework client, int brokerId, Listener listener) {
        this.brokerId = brokerId;
        this.client = client;
        this.lookout = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-controller-lookout-" + brokerId);
            t.setDaemon(true);
            return t;
        });
        this.elector = new Elector("broker-" + brokerId, client,
                () -> KafkaPayloads.controller(brokerId, System.currentTimeMillis()),
                ElectorOptions.counterWithLock(KafkaZnodes.CONTROLLER, KafkaZnodes.CONTROLLER_EPOCH),
                new ElectorListener() {
                    @Override
                    public void becomeActive(long epoch) {
                        Term term = elector.term().orElseThrow(() -> new IllegalStateException(
                                "the term of controller epoch " + epoch + " was revoked before the controller began"));
                        LOG.info("broker {}: controller with epoch {}", brokerId, epoch);
                        listener.becameController(term);
                    }

                    @Override
                    public void becomeStandby() {
                        LOG.warn("broker {}: no longer the controller", brokerId);
                        listener.resigned("no longer the controller (the elector's log says why)");
                    }

                    @Override
                    public void enterNeutral() {
                        listener.disconnected();
                    }

                    @Override
                    public void fenceOldActive(byte[] breadcrumb) {
                        // Kafka's layout has no breadcrumb: the epoch's check fences the old controller's writes
                    }

                    @Override
                    public String refuseToCompete() throws Exception {
                        return foreignBroker(client);
                    }

                    @Override
                    public void fatal(String reason, Throwable cause) {
                        LOG.error("broker {}: the controller election stopped: {}", brokerId, reason);
                        failure = io.hakeeper.core.election.ElectorFailure.of("broker " + brokerId
                                + ": the controller election stopped: " + reason, cause);
                    }
                });
    }

    /**
     * Why this broker must not compete for {@code /controller}: a live broker registration whose session holds no
     * hakeeper mark ({@link KafkaZnodes#AGENT_MARKS}) is a real Kafka broker's, and a hakeeper controller cannot send it
     * Kafka's controller requests (LeaderAndIsr, UpdateMetadata): it would never learn its new leaders. Null when every
     * registered broker is a hakeeper agent.
     */
    static String foreignBroker(CuratorFramework client) throws Exception {
        List<String> ids;
        try {
            ids = client.getChildren().forPath(KafkaZnodes.BROKER_IDS);
        } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
            return null;
        }
        for (String id : ids) {
            org.apache.zookeeper.data.Stat registration = client.checkExists().forPath(KafkaZnodes.BROKER_IDS + "/" + id);
            org.apache.zookeeper.data.Stat mark = client.checkExists().forPath(KafkaZnodes.AGENT_MARKS + "/" + id);
            if (registration != null && (mark == null || mark.getEphemeralOwner() != registration.getEphemeralOwner())) {
                return "broker " + id + " is registered by a process that is not a hakeeper broker-agent (a real Kafka"
                        + " broker?), and a hakeeper controller cannot send it Kafka's controller requests; let a real"
                        + " broker be the controller (stop the agents' election), or stop that broker";
            }
        }
        return null;
    }

    /** Why this broker is not competing for the controller, or is stuck; null when it is not. */
    public String stuckReason() {
        return elector.stuckReason();
    }

    public synchronized KafkaController start() {
        if (started) {
            throw new IllegalStateException("the controller election of broker " + brokerId + " was already started");
        }
        started = true;
        elector.start();
        elector.joinElection();
        lookout.scheduleWithFixedDelay(this::resignBesideARealBroker, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        return this;
    }

    private void resignBesideARealBroker() {
        try {
            if (epoch() < 0) {
                return;
            }
            String why = foreignBroker(client);
            if (why != null) {
                LOG.warn("broker {}: resigning the controllership: {}", brokerId, why);
                elector.quitElection(false, java.time.Duration.ofSeconds(30));
                elector.joinElection(); // it stays out while the real broker is registered (refuseToCompete)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("broker {}: could not look for real brokers: {}", brokerId, e.toString());
        }
    }

    /** Why the controller election stopped for good (the process should exit with it), or null while it runs. */
    public io.hakeeper.core.error.HakeeperException failure() {
        return failure;
    }

    /** The controller epoch while this broker is controller (and its lease holds), else -1. */
    public int epoch() {
        return (int) elector.epoch();
    }

    /**
     * {@code ops} in one multi under the term this broker holds (see {@link io.hakeeper.core.election.FencedMulti}):
     * refused here once the term is over, and by ZooKeeper once another controller's election moved the epoch on.
     *
     * @throws FencedException when this broker is not the controller (nothing was written)
     * @throws io.hakeeper.core.election.OutcomeUnknownException when the reply was lost
     */
    public List<OpResult> fencedWrite(List<CuratorOp> ops) throws Exception {
        return elector.fencedWrite(ops);
    }

    /** Leaves the election (deleting {@code /controller} when it is ours) and stops. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lookout.shutdownNow();
        if (started) {
            elector.close();
        }
    }
}
