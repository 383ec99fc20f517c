package io.hakeeper.core.znode;

import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/** Reads typed znodes. (Writes differ per module: fenced multis, checked ephemerals, and live there.) */
public final class ZnodeIO {
    private ZnodeIO() {
    }

    /** The decoded value and its stat, or empty when the znode does not exist. */
    public static <T> Optional<Stored<T>> read(CuratorFramework client, Znode<T> znode) throws Exception {
        Stat stat = new Stat();
        byte[] data;
        try {
            data = client.getData().storingStatIn(stat).forPath(znode.path());
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
        return Optional.of(new Stored<>(znode.decode(data, stat), stat));
    }
}
