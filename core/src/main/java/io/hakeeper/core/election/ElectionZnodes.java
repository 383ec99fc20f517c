package io.hakeeper.core.election;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The elector's housekeeping on its znodes: beginning a term, deleting only what is ours, parents. */
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

    /**
     * The breadcrumb's data (its stat into {@code stat}), or null when there is none or the layout has no breadcrumb
     * (such an election fences nobody).
     */
    byte[] readBreadcrumb(Stat stat) throws Exception {
        if (options.breadcrumbPath() == null) {
            return null;
        }
        try {
            return client.getData().storingStatIn(stat).forPath(options.breadcrumbPath());
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
    }

    /**
     * Creates the ephemeral lock with {@code data}, unless it exists (held by someone, or by us through a create whose
     * reply was lost: the caller's owner check decides). With a {@link ElectorOptions.EpochStyle#COUNTER counter}
     * epoch the lock is created in one multi with the counter moving on by one, at the version read: the multi fails
     * as a whole when another won the lock or moved the counter first, and the caller's owner check sees who won.
     */
    void takeLock(byte[] data) throws Exception {
        if (options.epochStyle() == ElectorOptions.EpochStyle.ZXID) {
            try {
                client.create().withMode(CreateMode.EPHEMERAL).forPath(options.lockPath(), data);
            } catch (KeeperException.NodeExistsException e) {
                // the owner check decides
            }
            return;
        }
        if (client.checkExists().forPath(options.lockPath()) != null) {
            return; // held: no point in reading the counter
        }
        Stat counterStat = new Stat();
        int counter;
        try {
            counter = parseCounter(client.getData().storingStatIn(counterStat).forPath(options.epochPath()));
        } catch (KeeperException.NoNodeException e) {
            try { // the election's first term: the counter starts at 0, as Kafka's does
                client.create().withMode(CreateMode.PERSISTENT).forPath(options.epochPath(), counterBytes(0));
            } catch (KeeperException.NodeExistsException raced) {
                // another candidate made it
            }
            counter = parseCounter(client.getData().storingStatIn(counterStat).forPath(options.epochPath()));
        }
        try {
            client.transaction().forOperations(
                    client.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(options.lockPath(), data),
                    client.transactionOp().setData().withVersion(counterStat.getVersion())
                            .forPath(options.epochPath(), counterBytes(counter + 1)));
        } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException lost) {
            // another candidate won this round (or a tool moved the counter): the owner check sees the lock
        }
    }

    /**
     * Begins a term in one multi: our lock still at the version we created it with, the breadcrumb naming us, and the
     * epoch znode moved on. The epoch's new version is the term; the multi's zxid is the token. Either all of it
     * happens or none (a lost lock or a breadcrumb written by someone else since we read it fails it as a whole).
     *
     * @param lock  the lock as we found it after creating it
     * @param crumb the breadcrumb as read before fencing, null when there was none
     */
    Term beginTerm(Stat lock, Stat crumb) throws Exception {
        if (options.epochStyle() == ElectorOptions.EpochStyle.COUNTER) {
            return counterTerm(lock);
        }
        try {
            return beginTermOnce(lock, crumb);
        } catch (KeeperException e) {
            int epochOp = options.breadcrumbPath() == null ? 1 : 2;
            if (e.getResults() == null || e.getResults().size() <= epochOp
                    || !(e.getResults().get(epochOp) instanceof OpResult.ErrorResult err)
                    || err.getErr() != KeeperException.Code.NONODE.intValue()) {
                throw e;
            }
        }
        EpochZnode.ensure(client, options.epochPath()); // the first term of this election: not looked for every term
        return beginTermOnce(lock, crumb);
    }

    private Term beginTermOnce(Stat lock, Stat crumb) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(client.transactionOp().check().withVersion(lock.getVersion()).forPath(options.lockPath()));
        if (options.breadcrumbPath() != null) {
            ops.add(crumb == null
                    ? client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(options.breadcrumbPath(), appData)
                    : client.transactionOp().setData().withVersion(crumb.getVersion()).forPath(options.breadcrumbPath(), appData));
        }
        ops.add(client.transactionOp().setData().forPath(options.epochPath(), appData));
        List<CuratorTransactionResult> r = client.transaction().forOperations(ops);
        Stat epoch = r.get(r.size() - 1).getResultStat();
        return new Term(options.epochPath(), epoch.getVersion(), epoch.getMzxid(), name);
    }

    /**
     * The term a counter-style lock began: the counter as it stands, provided the multi that created our lock is the
     * write that set it (one multi, one zxid). Anything else moved the counter since, and that term is not ours.
     */
    private Term counterTerm(Stat lock) throws Exception {
        Stat counterStat = new Stat();
        int counter = parseCounter(client.getData().storingStatIn(counterStat).forPath(options.epochPath()));
        if (counterStat.getMzxid() != lock.getCzxid()) {
            throw new IllegalStateException(options.epochPath() + " moved on (to " + counter
                    + ") after our lock was created: that term is not ours");
        }
        return new Term(options.epochPath(), counterStat.getVersion(), counter, name);
    }

    private int parseCounter(byte[] data) {
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8).trim();
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(options.epochPath() + " holds \"" + text + "\" where a decimal epoch counter"
                    + " was expected; it is not this election's counter (check the path)");
        }
    }

    private static byte[] counterBytes(int counter) {
        return Integer.toString(counter).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Deletes the lock only if our current session owns it. On the failover path (the next active waits for this
     * delete), so through the raw client first: Curator's builders and retry loop, run once in a long while, cost the
     * old active's controller 20-30 ms here where the two calls themselves cost about 6 (bench failover). The raw
     * client does not retry: when the connection is lost midway, Curator's calls take over, which wait for the
     * reconnection and retry (else the lock would stay until our session expires, and the next active with it).
     */
    void deleteOwnLock() {
        try {
            org.apache.zookeeper.ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            Stat lock = zk.exists(options.lockPath(), false);
            if (lock != null && lock.getEphemeralOwner() == liveSessionId.getAsLong()) {
                zk.delete(options.lockPath(), lock.getVersion());
                LOG.info("{}: left the election: {} deleted", name, options.lockPath()); // a phase of bench failover
            }
        } catch (KeeperException.NoNodeException gone) {
            // gone between the two calls: nothing left to delete
        } catch (Exception e) {
            if (connectionLost(e)) {
                deleteOwnLockRetrying();
            } else {
                LOG.warn("{}: could not delete our lock ({}); it goes with our session", name, e.toString());
            }
        }
    }

    /**
     * A failure Curator's calls would have retried after reconnecting (its retry loop's codes, session expiry aside:
     * the elector handles that itself).
     */
    static boolean connectionLost(Throwable e) {
        if (!(e instanceof KeeperException k)) {
            return false;
        }
        KeeperException.Code code = k.code();
        return code == KeeperException.Code.CONNECTIONLOSS || code == KeeperException.Code.OPERATIONTIMEOUT
                || code == KeeperException.Code.SESSIONMOVED;
    }

    /** {@link #deleteOwnLock()} through Curator, which retries across a reconnection until its deadline. */
    private void deleteOwnLockRetrying() {
        try {
            Stat lock = client.checkExists().forPath(options.lockPath());
            if (lock != null && lock.getEphemeralOwner() == liveSessionId.getAsLong()) {
                client.delete().withVersion(lock.getVersion()).forPath(options.lockPath());
                LOG.info("{}: left the election: {} deleted", name, options.lockPath());
            }
        } catch (KeeperException.NoNodeException gone) {
            // gone meanwhile
        } catch (Exception e) {
            LOG.warn("{}: could not delete our lock ({}); it goes with our session", name, e.toString());
        }
    }

    /**
     * {@link #deleteOwnLock()}'s calls with nothing deleted (the controller's warm-up): the owner check, and a delete of
     * a child of the lock, which never exists (an ephemeral lock cannot have children).
     */
    void warmDeleteOwnLock() throws Exception {
        org.apache.zookeeper.ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        zk.exists(options.lockPath(), false);
        try {
            zk.delete(options.lockPath() + "/hakeeper-warm-up", -1);
        } catch (KeeperException.NoNodeException never) {
            // what it always gets
        }
    }

    /** Deletes the breadcrumb only if it still holds our data (version-checked), so nobody needs to fence us. */
    void deleteOwnBreadcrumb() {
        if (options.breadcrumbPath() == null) {
            return;
        }
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
        if (options.breadcrumbPath() != null) {
            ensureParent(options.breadcrumbPath());
        }
        ensureParent(options.epochPath());
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
