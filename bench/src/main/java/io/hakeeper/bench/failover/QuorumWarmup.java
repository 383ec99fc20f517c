package io.hakeeper.bench.failover;

import io.hakeeper.core.zk.ZkSettings;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;

/**
 * Before the rounds, the writes a failover makes, many times over, on a scratch znode: an ephemeral created, a multi
 * that checks a version and sets data, the ephemeral deleted (with a watch on it, so the deletion notifies). A
 * production quorum serves such writes all day; a quorum started a second ago has never run them, and the first
 * round of a fresh quorum paid 40-50 ms more for a lock's deletion alone (bench failover, first runs). Only the
 * quorum is warmed: the controllers' JVMs start cold, and their first failover is reported as it is.
 */
final class QuorumWarmup {
    static final int ROUNDS = 300;
    private static final String ROOT = "/hakeeper-bench-warm-up";

    private QuorumWarmup() {
    }

    /** Runs the writes; returns how long they took, in ms. */
    static long run(String quorum) throws Exception {
        long t0 = System.nanoTime();
        try (CuratorFramework client = ZkSettings.builder(quorum).build().connect()) {
            client.create().orSetData().forPath(ROOT, new byte[0]);
            String lock = ROOT + "/lock";
            for (int i = 0; i < ROUNDS; i++) {
                client.create().withMode(CreateMode.EPHEMERAL).forPath(lock, new byte[] {1});
                Stat stat = client.checkExists().usingWatcher((org.apache.zookeeper.Watcher) e -> { }).forPath(lock);
                client.transaction().forOperations(client.transactionOp().check().withVersion(stat.getVersion()).forPath(lock),
                        client.transactionOp().setData().forPath(ROOT, new byte[] {(byte) i}));
                client.delete().withVersion(stat.getVersion()).forPath(lock);
            }
            client.delete().forPath(ROOT);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
