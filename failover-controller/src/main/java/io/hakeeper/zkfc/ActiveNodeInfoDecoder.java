package io.hakeeper.zkfc;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.core.znode.PayloadDecoder;
import java.util.Optional;
import org.apache.zookeeper.data.Stat;

/** Teaches {@code hakeeper zk get} to show the lock and breadcrumb of any ZKFC election. */
public final class ActiveNodeInfoDecoder implements PayloadDecoder {
    @Override
    public Optional<String> decode(String path, byte[] data, Stat stat) {
        if (!path.endsWith("/" + HdfsHaZnodes.LOCK) && !path.endsWith("/" + HdfsHaZnodes.BREADCRUMB)) {
            return Optional.empty();
        }
        try {
            return Optional.of("ActiveNodeInfo " + ActiveNodeInfo.CODEC.decode(path, data, stat));
        } catch (CorruptZnodeException e) {
            return Optional.empty(); // YARN writes its own payload under the same names; let its decoder or hex show it
        }
    }
}
