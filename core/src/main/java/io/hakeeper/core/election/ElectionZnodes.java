package io.hakeeper.core.election;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.KeeperException;
import io.hakeeper.core.error.ZkErrors;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The elector's housekeeping on its two znodes: deleting only what is ours, parents, the fenced multi. */
final class ElectionZnodes {
    private static final Logger LOG = LoggerFactory.getLogger(ElectionZnodes.class);

    private final String name;
    private final CuratorFramework client;
    private final ElectorOptions options;
    private final byte[] appData;
    private final LongSupplier liveSessionId;

    ElectionZnodes(String name, CuratorFramework client, ElectorOptions options, byte[] appData, LongSupplier liveSessionId) {
        this.name = name;
        this.client = client;
        this.options = options;
        this.appData = appData;
        this.liveSessionId = liveSessionId;
    }

    /** The lock's data: who is active now (empty when nobody is). */
    byte[] activeData() throws Exception {
        try {
            return client.getData().forPath(options.lockPath());
        } catch (KeeperException.NoNodeException e) {
            return new byte[0];
        }
    }

    /** {@code ops} in one multi behind a check that the breadcrumb is still at {@code version}. */
    List<CuratorTransactionResult> fencedWrite(int version, List<CuratorOp> ops) throws Exception {
        List<CuratorOp> all = new ArrayList<>();
        all.add(client.transactionOp().check().withVersion(version).forPath(options.breadcrumbPath()));
        all.addAll(ops);
        try {
            return client.transaction().forOperations(all);
        } catch (KeeperException e) {
            List<OpResult> results = e.getResults();
            boolean checkFailed = results == null || results.isEmpty() || ZkErrors.firstOpFailed(results);
            if (checkFailed) {
                throw new FencedException(name + " was fenced: the breadcrumb " + options.breadcrumbPath()
                        + " is no longer at version " + version + " (a newer active wrote it); nothing was written");
            }
            throw e;
        }
    }

    /** Deletes the lock only if our current session owns it. */
    void deleteOwnLock() {
        try {
            Stat lock = client.checkExists().forPath(options.lockPath());
            if (lock != null && lock.getEphemeralOwner() == liveSessionId.getAsLong()) {
                client.delete().withVersion(lock.getVersion()).forPath(options.lockPath());
            }
        } catch (Exception e) {
            LOG.warn("{}: could not delete our lock ({}); it goes with our session", name, e.toString());
        }
    }

    /** Deletes the breadcrumb only if it still holds our data (version-checked), so nobody needs to fence us. */
    void deleteOwnBreadcrumb() {
        try {
            Stat stat = new Stat();
            byte[] data = client.getData().storingStatIn(stat).forPath(options.breadcrumbPath());
            if (Arrays.equals(data, appData)) {
                client.delete().withVersion(stat.getVersion()).forPath(options.breadcrumbPath());
            }
        } catch (Exception e) {
            LOG.warn("{}: could not delete our breadcrumb ({}); the next active will fence us", name, e.toString());
        }
    }

    void ensureParents() throws Exception {
        ensureParent(options.lockPath());
        ensureParent(options.breadcrumbPath());
    }

    private void ensureParent(String path) throws Exception {
        String parent = path.substring(0, path.lastIndexOf('/'));
        if (!parent.isEmpty() && client.checkExists().forPath(parent) == null) {
            try {
                client.create().creatingParentsIfNeeded().forPath(parent);
            } catch (KeeperException.NodeExistsException ignored) {
                // created concurrently by another elector
            }
        }
    }
}
