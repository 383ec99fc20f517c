package io.hakeeper.core.election;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * An election's fencing epoch (see {@link Term}): created once, at version 0 (no term yet), never deleted; every term
 * moves it on. The elector begins its terms in a multi of its own; a tool that must end the current term (a store
 * format) begins one here.
 */
public final class EpochZnode {
    private EpochZnode() {
    }

    /** Creates {@code epochPath} (and missing parents) at version 0 unless it exists. */
    public static void ensure(CuratorFramework client, String epochPath) throws Exception {
        if (client.checkExists().forPath(epochPath) == null) {
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(epochPath, new byte[0]);
            } catch (KeeperException.NodeExistsException raced) {
                // another elector or tool made it
            }
        }
    }

    /**
     * Begins a term outside an election: moves the epoch on (creating it if needed), which ends any term before it.
     * {@code data} says who holds the term, for people reading the znode.
     */
    public static Term beginTerm(CuratorFramework client, String epochPath, byte[] data, String holder) throws Exception {
        ensure(client, epochPath);
        Stat s = client.setData().forPath(epochPath, data);
        return new Term(epochPath, s.getVersion(), s.getMzxid(), holder);
    }
}
