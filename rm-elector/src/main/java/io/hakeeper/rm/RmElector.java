package io.hakeeper.rm;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.election.ElectorOptions;
import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.election.Term;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elector a ResourceManager-like master embeds: the core elector on YARN's layout
 * ({@code <base>/<cluster-id>/ActiveStandbyElectorLock} and {@code ActiveBreadCrumb} holding {@link ActiveRmInfo}),
 * with the state store opened, fenced and loaded before the host hears it is active.
 *
 * <p>Becoming active: open the store (its writes carry the check of this term, so the previous active is fenced out
 * of it from the moment we won, and this store from the moment a later term begins, ours included), increment the store epoch, load the state, then tell the host. Any
 * failure on that path (a store error, corrupt data, the host's own) is logged and the RM steps back and rejoins
 * after a backoff: the host process is never taken down by its store (YARN-2019). {@code fenceOldActive} does
 * nothing, as in YARN: the store fencing is the fence.
 *
 * <p>The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class RmElector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RmElector.class);
    public static final String DEFAULT_BASE = "/yarn-leader-election";

    private final CuratorFramework client;
    private final String clusterId;
    private final String rmId;
    private final String electionPath;
    private final StoreSettings storeSettings;
    private final RmListener listener;
    private final Duration loadDeadline;
    private final Elector elector;
    private boolean started;

    public RmElector(CuratorFramework client, String base, String clusterId, String rmId, StoreSettings storeSettings,
            RmListener listener) {
        this.client = client;
        this.clusterId = clusterId;
        this.rmId = rmId;
        this.electionPath = base + "/" + clusterId;
        this.storeSettings = storeSettings;
        this.listener = listener;
        this.loadDeadline = Duration.ofMinutes(2);
        this.elector = new Elector(rmId, client, new ActiveRmInfo(clusterId, rmId).encode(),
                ElectorOptions.hadoopLayout(electionPath).withCreateParents(true), new Adapter());
    }

    /** Joins the election, unless the lock names another cluster (then it refuses, as YARN does). */
    public synchronized void start() throws Exception {
        if (started) {
            throw new IllegalStateException("RmElector " + rmId + " already started");
        }
        started = true;
        String lock = electionPath + "/ActiveStandbyElectorLock";
        try {
            byte[] data = client.getData().forPath(lock);
            ActiveRmInfo holder = ActiveRmInfo.CODEC.decode(lock, data, null);
            if (!holder.clusterId().equals(clusterId)) {
                throw new HakeeperException(ExitCode.CONFLICT, "the election lock " + lock + " is held by cluster '"
                        + holder.clusterId() + "' (" + holder.rmId() + "), not '" + clusterId + "': check"
                        + " yarn.resourcemanager.cluster-id; refusing to join another cluster's election");
            }
        } catch (KeeperException.NoNodeException free) {
            // nobody active: fine
        } catch (CorruptZnodeException e) {
            throw new HakeeperException(ExitCode.BAD_DATA, e.getMessage() + "; refusing to join an election we cannot read", e);
        }
        elector.start();
        elector.joinElection();
    }

    /** The elector's fencing token while active, else -1. */
    public long epoch() {
        return elector.epoch();
    }

    /** When the lease of the last term the elector revoked ran out (see {@link Elector#lastLeaseLapseNanos()}). */
    public long lastLeaseLapseNanos() {
        return elector.lastLeaseLapseNanos();
    }

    public io.hakeeper.core.election.ElectorState state() {
        return elector.state();
    }

    @Override
    public void close() {
        elector.close();
    }

    private final class Adapter implements ElectorListener {
        @Override
        public void becomeActive(long epoch) throws Exception {
            try {
                // The store writes under this term, the one whose recovered state its writes are decided on; never
                // under whatever term is held when a write is sent (the chaos lab found an RM that lost and won again
                // while a write of its old term was in flight: it landed in the new term).
                Term term = elector.term().orElseThrow(() -> new FencedException(rmId + ": the term of epoch " + epoch
                        + " ended before the store was opened"));
                RmStateStore store = new RmStateStore(client, storeSettings, ops -> elector.fencedWrite(term, ops));
                store.open();
                long rmEpoch = store.getAndIncrementEpoch();
                long t0 = System.nanoTime();
                RmState state = store.loadState(loadDeadline);
                LOG.info("{}: active with epoch {} (store epoch {}); recovered {} applications, {} tokens in {} ms", rmId,
                        epoch, rmEpoch, state.applications().size(), state.tokens().size(), (System.nanoTime() - t0) / 1_000_000);
                if (!elector.term().filter(term::equals).isPresent()) {
                    // the recovery took long enough (a pause, a slow store) for the term to end meanwhile: a host told
                    // now would act on a term that is over
                    throw new FencedException(rmId + ": the term of epoch " + epoch + " ended while the state was loaded");
                }
                listener.becomeActive(epoch, rmEpoch, store, state);
            } catch (Exception | LinkageError e) {
                LOG.error("{}: could not become active ({}); staying standby and rejoining", rmId, e.toString());
                listener.becomeStandby();
                throw e instanceof Exception ex ? ex : new IllegalStateException(e);
            }
        }

        @Override
        public void becomeStandby() {
            listener.becomeStandby();
        }

        @Override
        public void fenceOldActive(byte[] breadcrumb) {
            // YARN's elector does not fence here either: the store's guard shuts the old active out
        }

        @Override
        public void fatal(String reason, Throwable cause) {
            listener.fatal(reason, cause);
        }
    }
}
