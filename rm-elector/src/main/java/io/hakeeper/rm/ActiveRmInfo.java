package io.hakeeper.rm;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.core.znode.ProtoBytes;
import io.hakeeper.core.znode.ZnodeCodec;
import org.apache.zookeeper.data.Stat;

/**
 * YARN's {@code ActiveRMInfoProto} (package hadoop.yarn, proto2): {@code optional string clusterId = 1; optional
 * string rmId = 2;}, the data of the lock and breadcrumb under {@code /yarn-leader-election/<cluster-id>}. We write
 * fields 1 and 2 only, as the proto revision of layouts.md §2.1; readers skip fields a newer YARN adds.
 */
public record ActiveRmInfo(String clusterId, String rmId) {
    public static final ZnodeCodec<ActiveRmInfo> CODEC = new ZnodeCodec<>() {
        @Override
        public byte[] encode(ActiveRmInfo v) {
            return ProtoBytes.write(out -> {
                out.writeString(1, v.clusterId());
                out.writeString(2, v.rmId());
            });
        }

        @Override
        public ActiveRmInfo decode(String path, byte[] data, Stat stat) {
            if (data == null || data.length == 0) {
                throw new CorruptZnodeException(path, "is empty where YARN's ActiveRMInfoProto was expected", null);
            }
            String[] f = new String[2];
            ProtoBytes.read(path, "ActiveRMInfoProto", data, (tag, in) -> {
                switch (tag) {
                    case (1 << 3) | 2 -> f[0] = in.readString();
                    case (2 << 3) | 2 -> f[1] = in.readString();
                    default -> {
                        return false;
                    }
                }
                return true;
            });
            String cluster = f[0];
            String rm = f[1];
            if (cluster == null || rm == null) {
                throw new CorruptZnodeException(path, "is an ActiveRMInfoProto without clusterId and rmId:"
                        + " not written by a ResourceManager elector", null);
            }
            return new ActiveRmInfo(cluster, rm);
        }
    };

    public byte[] encode() {
        return CODEC.encode(this);
    }
}
