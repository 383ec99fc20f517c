package io.hakeeper.kafka;

import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.election.FencedMulti;
import io.hakeeper.core.election.Term;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.core.zk.LeaseWatchdog;
import io.hakeeper.core.zk.SessionTracker;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's controller election (KafkaZkClient.registerControllerAndIncrementControllerEpoch, layouts.md §4.3), in
 * one loop: read {@code /controller_epoch} (creating it at 0); then one {@code multi} that creates the ephemeral
 * {@code /controller} and sets the epoch to epoch+1 at the version read. The winner holds the new epoch and the
 * epoch znode's version; every write it makes goes through {@link #fencedWrite}, a multi behind a check of that
 * version (KAFKA-6082), so a zombie controller's writes fail at ZooKeeper as a whole. Losers watch /controller and
 * try again when it goes. A controller that has not heard from ZooKeeper for 2/3 of its session resigns: its
 * {@link LeaseWatchdog} revokes the term on a thread of its own (no write passes, {@link #epoch()} says -1) however
 * long the loop is stuck in a ZooKeeper call or a listener, and queues the resignation on the loop.
 * The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class KafkaController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaController.class);

    public interface Listener {
        /** This broker is controller for {@code term}: its token is the controller epoch; write everything under it. */
        void becameController(Term term);

        void resigned(String why);
    }

    private final CuratorFramework client;
    private final int brokerId;
    private final Listener listener;
    private final SessionTracker session;
    private final LeaseWatchdog lease;
    private final AgentLoop loop;

    // written on the loop thread, read by fencedWrite callers
    private volatile int epoch = -1;
    /** The last term this broker held; kept after resigning, so a late write reaches ZooKeeper's check and fails. */
    private volatile Term term;
    /** Set by the lease watchdog when the lease lapsed during the term: nothing more is written or claimed. */
    private volatile boolean revoked;
    private LeaseWatchdog.Hold hold;
    private long controllerSession = -1;
    private boolean closed;

    public KafkaController(CuratorFramework client, int brokerId, Listener listener) {
        this.client = client;
        this.brokerId = brokerId;
        this.listener = listener;
        this.session = new SessionTracker(client, Duration.ofMillis(100));
        this.lease = new LeaseWatchdog(session, SessionTracker.LEASE_FRACTION, "kafka-controller-" + brokerId);
        this.loop = new AgentLoop("kafka-controller-" + brokerId);
    }

    public synchronized KafkaController start() {
        session.start(); // a second start() fails here
        lease.start();
        loop.start(this::tick, Duration.ofMillis(100));
        return this;
    }

    /** The controller epoch while this broker is controller (and its lease holds), else -1. */
    public int epoch() {
        return revoked ? -1 : epoch;
    }

    /**
     * {@code ops} in one multi under the last term this broker held (see {@link FencedMulti}): after another
     * controller's election {@code /controller_epoch} has moved on, and nothing of the multi happens.
     *
     * @throws FencedException when this broker never became controller or another has since
     * @throws io.hakeeper.core.election.OutcomeUnknownException when the reply was lost
     */
    public List<OpResult> fencedWrite(List<CuratorOp> ops) throws Exception {
        Term t = term;
        if (t == null || revoked) {
            throw new FencedException("broker " + brokerId + " is not the controller" + (revoked ? " (its lease lapsed)" : "")
                    + ": write refused");
        }
        return FencedMulti.write(client, t, ops);
    }

    /** Runs {@code task} on the controller's loop (tests use it to hold the loop, as a stuck call would). */
    void onLoop(Runnable task) {
        loop.execute(task);
    }

    private void tick() {
        try {
            if (!session.isConnected()) {
                return;
            }
            long sid = session.liveSessionId();
            Stat controller = client.checkExists().usingWatcher((Watcher) e -> loop.wake()).forPath(KafkaZnodes.CONTROLLER);
            if (epoch >= 0) {
                if (controller == null || controller.getEphemeralOwner() != sid || sid != controllerSession) {
                    resign(KafkaZnodes.CONTROLLER + " is no longer ours");
                }
                return;
            }
            if (controller == null) {
                elect(sid);
            } else if (controller.getEphemeralOwner() == sid) {
                adopt(sid); // our election's reply was lost, but it went through
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (Exception e) {
            LOG.warn("broker {}: {} (will retry)", brokerId, e.toString());
        }
    }

    private void elect(long sid) throws Exception {
        Stat epochStat = new Stat();
        int current;
        try {
            current = KafkaPayloads.parseControllerEpoch(KafkaZnodes.CONTROLLER_EPOCH,
                    client.getData().storingStatIn(epochStat).forPath(KafkaZnodes.CONTROLLER_EPOCH));
        } catch (KeeperException.NoNodeException e) {
            try {
                client.create().withMode(CreateMode.PERSISTENT).forPath(KafkaZnodes.CONTROLLER_EPOCH, KafkaPayloads.controllerEpoch(0));
            } catch (KeeperException.NodeExistsException raced) {
                // another broker made it
            }
            return; // read it next tick
        }
        int next = current + 1;
        try {
            List<CuratorTransactionResult> r = client.transaction().forOperations(
                    client.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                            .forPath(KafkaZnodes.CONTROLLER, KafkaPayloads.controller(brokerId, System.currentTimeMillis())),
                    client.transactionOp().setData().withVersion(epochStat.getVersion())
                            .forPath(KafkaZnodes.CONTROLLER_EPOCH, KafkaPayloads.controllerEpoch(next)));
            becomeController(sid, next, r.get(1).getResultStat());
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException lost) {
            // someone else won this round; the watch on /controller brings us back
        }
    }

    private void adopt(long sid) throws Exception {
        Stat stat = new Stat();
        int current = KafkaPayloads.parseControllerEpoch(KafkaZnodes.CONTROLLER_EPOCH,
                client.getData().storingStatIn(stat).forPath(KafkaZnodes.CONTROLLER_EPOCH));
        becomeController(sid, current, stat);
    }

    private void becomeController(long sid, int newEpoch, Stat epochStat) {
        controllerSession = sid;
        Term t = new Term(KafkaZnodes.CONTROLLER_EPOCH, epochStat.getVersion(), newEpoch, "broker " + brokerId);
        term = t;
        revoked = false;
        hold = lease.hold("broker " + brokerId + "'s controller epoch " + newEpoch, () -> {
            revoked = true; // at once, on the watchdog's thread: no write of this term passes from now on
            loop.execute(() -> resign("its lease lapsed (no word from ZooKeeper for 2/3 of the session) or its session expired"));
        });
        LOG.info("broker {}: controller with epoch {}", brokerId, newEpoch);
        listener.becameController(t); // before epoch() says so: whoever reads it may act at once
        epoch = newEpoch;
    }

    private void resign(String why) {
        if (epoch < 0) {
            return;
        }
        epoch = -1;
        controllerSession = -1;
        if (hold != null) {
            hold.release();
            hold = null;
        }
        LOG.warn("broker {}: no longer the controller: {}", brokerId, why);
        listener.resigned(why);
        // the term is kept: a write under it must reach ZooKeeper's check and fail there, not pass by default
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        lease.close();
        session.close();
    }
}
