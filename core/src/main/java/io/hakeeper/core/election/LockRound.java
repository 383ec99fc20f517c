package io.hakeeper.core.election;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * One attempt at the lock as one round trip: the create of the ephemeral lock, the read of the lock that sets the
 * watch and shows its owner, and the read of the breadcrumb, sent back to back on the session's connection and
 * awaited together. ZooKeeper answers a session's requests in the order they were sent, so both reads see the
 * create's outcome, exactly as when each waited for the one before; only the waiting is shared (three sequential
 * round trips cost 10-30 ms on a failover here, one costs the create's). The create goes through Curator in the
 * background (its ACL provider gives the lock its ACL; a connected client sends it on the calling thread), the reads
 * through the raw client, whose asynchronous calls send at once. Were the create ever sent after the reads (Curator
 * retrying it after a connection loss), nothing unsafe follows: the reads would show no lock of ours, so no term
 * begins from them; and a breadcrumb read too early is caught by the term's multi, which checks its version.
 *
 * @param lock       the lock after our create (null: gone again already), with a watch set on it
 * @param breadcrumb the breadcrumb's data (null: none, or the layout has none)
 * @param crumbStat  the breadcrumb's stat (version 0 of an empty stat when there is none)
 */
record LockRound(Stat lock, byte[] breadcrumb, Stat crumbStat) {
    private static final int CREATE = 0;
    private static final int EXISTS = 1;
    private static final int CRUMB = 2;

    /**
     * Sends the three requests and waits for their answers, at most {@code deadlineMs}.
     *
     * @throws KeeperException the create's or a read's error other than the lock existing or a node missing
     *                         (NoAuth, connection loss, a missing parent), as the synchronous calls would throw it
     * @throws java.util.concurrent.TimeoutException when the answers did not all come within the deadline
     */
    static LockRound take(CuratorFramework client, ElectorOptions options, byte[] data, Watcher watcher, long deadlineMs)
            throws Exception {
        return send(client, options.lockPath(), options.lockPath(), options.breadcrumbPath(), data, watcher, deadlineMs);
    }

    /**
     * The round's code run once with nothing written, for the controller's warm-up at start (a fresh JVM otherwise
     * loads and links it during its first failover): the create aims at a child of the lock, which ZooKeeper always
     * refuses (no parent, or an ephemeral parent, which cannot have children), and the reads set no watch.
     */
    static void warm(CuratorFramework client, ElectorOptions options, long deadlineMs) throws Exception {
        try {
            send(client, options.lockPath() + "/hakeeper-warm-up", options.lockPath(), options.breadcrumbPath(),
                    new byte[0], null, deadlineMs);
        } catch (KeeperException.NoNodeException | KeeperException.NoChildrenForEphemeralsException refused) {
            // what the create always gets
        }
    }

    /** Creates {@code createPath} with {@code data}, reads {@code lockPath} (watching it unless null) and the crumb. */
    private static LockRound send(CuratorFramework client, String createPath, String lockPath, String crumbPath,
            byte[] data, Watcher watcher, long deadlineMs) throws Exception {
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        CountDownLatch answered = new CountDownLatch(crumbPath == null ? 2 : 3);
        AtomicReferenceArray<KeeperException.Code> codes = new AtomicReferenceArray<>(3);
        Object[] results = new Object[3];
        client.create().withMode(CreateMode.EPHEMERAL).inBackground((c, event) -> {
            codes.set(CREATE, KeeperException.Code.get(event.getResultCode()));
            answered.countDown();
        }).forPath(createPath, data);
        zk.exists(lockPath, watcher, (rc, path, ctx, stat) -> {
            results[EXISTS] = stat;
            codes.set(EXISTS, KeeperException.Code.get(rc));
            answered.countDown();
        }, null);
        if (crumbPath != null) {
            zk.getData(crumbPath, false, (rc, path, ctx, bytes, stat) -> {
                results[CRUMB] = new Object[] {bytes, stat};
                codes.set(CRUMB, KeeperException.Code.get(rc));
                answered.countDown();
            }, null);
        }
        if (!answered.await(deadlineMs, TimeUnit.MILLISECONDS)) {
            throw new java.util.concurrent.TimeoutException("ZooKeeper did not answer the lock's create and reads within "
                    + deadlineMs + " ms");
        }
        // the latch's countDown/await order makes the callbacks' writes to results visible here
        throwUnless(codes.get(EXISTS), lockPath, KeeperException.Code.NONODE);
        throwUnless(codes.get(CREATE), createPath, KeeperException.Code.NODEEXISTS); // exists: the owner check decides
        Stat lock = codes.get(EXISTS) == KeeperException.Code.OK ? (Stat) results[EXISTS] : null;
        if (crumbPath == null) {
            return new LockRound(lock, null, new Stat());
        }
        throwUnless(codes.get(CRUMB), crumbPath, KeeperException.Code.NONODE);
        if (codes.get(CRUMB) != KeeperException.Code.OK) {
            return new LockRound(lock, null, new Stat());
        }
        Object[] crumb = (Object[]) results[CRUMB];
        return new LockRound(lock, (byte[]) crumb[0], (Stat) crumb[1]);
    }

    private static void throwUnless(KeeperException.Code code, String path, KeeperException.Code alsoFine)
            throws KeeperException {
        if (code != KeeperException.Code.OK && code != alsoFine) {
            throw KeeperException.create(code, path);
        }
    }
}
