package io.hakeeper.rm;

import com.google.protobuf.CodedInputStream;
import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.core.znode.ProtoBytes;
import io.hakeeper.core.znode.ZnodeCodec;
import java.io.IOException;
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
            String cluster = null;
            String rm = null;
            try {
                CodedInputStream in = CodedInputStream.newInstance(data);
                for (int tag; (tag = in.readTag()) != 0; ) {
                    switch (tag) {
                        case (1 << 3) | 2 -> cluster = in.readString();
                        case (2 << 3) | 2 -> rm = in.readString();
                        default -> in.skipField(tag);
                    }
                }
            } catch (IOException e) {
                throw new CorruptZnodeException(path, "is not a protobuf ActiveRMInfoProto (" + e.getMessage() + ")", e);
            }
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
