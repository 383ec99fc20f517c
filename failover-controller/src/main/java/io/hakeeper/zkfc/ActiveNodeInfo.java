package io.hakeeper.zkfc;

import com.google.protobuf.CodedInputStream;
import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.core.znode.ProtoBytes;
import io.hakeeper.core.znode.ZnodeCodec;
import java.io.IOException;
import org.apache.zookeeper.data.Stat;

/**
 * Hadoop's {@code ActiveNodeInfo} (HAZKInfo.proto, proto2, every field required): what the HDFS ZKFC writes into
 * both the lock and the breadcrumb. Plain protobuf bytes, fields in number order, no magic, no length prefix.
 */
public record ActiveNodeInfo(String nameserviceId, String namenodeId, String hostname, int port, int zkfcPort) {

    /** The codec for the lock and breadcrumb znodes. */
    public static final ZnodeCodec<ActiveNodeInfo> CODEC = new ZnodeCodec<>() {
        @Override
        public byte[] encode(ActiveNodeInfo v) {
            return ProtoBytes.write(out -> {
                out.writeString(1, v.nameserviceId());
                out.writeString(2, v.namenodeId());
                out.writeString(3, v.hostname());
                out.writeInt32(4, v.port());
                out.writeInt32(5, v.zkfcPort());
            });
        }

        @Override
        public ActiveNodeInfo decode(String path, byte[] data, Stat stat) {
            if (data == null || data.length == 0) {
                throw new CorruptZnodeException(path, "is empty where Hadoop's ActiveNodeInfo was expected", null);
            }
            String ns = null;
            String nn = null;
            String host = null;
            Integer port = null;
            Integer zkfcPort = null;
            try {
                CodedInputStream in = CodedInputStream.newInstance(data);
                for (int tag; (tag = in.readTag()) != 0; ) {
                    switch (tag) {
                        case (1 << 3) | 2 -> ns = in.readString();
                        case (2 << 3) | 2 -> nn = in.readString();
                        case (3 << 3) | 2 -> host = in.readString();
                        case (4 << 3) -> port = in.readInt32();
                        case (5 << 3) -> zkfcPort = in.readInt32();
                        default -> in.skipField(tag); // a newer Hadoop's field: proto2 readers skip it too
                    }
                }
            } catch (IOException e) {
                throw new CorruptZnodeException(path, "is not a protobuf ActiveNodeInfo (" + e.getMessage() + ")", e);
            }
            if (ns == null || nn == null || host == null || port == null || zkfcPort == null) {
                throw new CorruptZnodeException(path, "is an ActiveNodeInfo without its required fields"
                        + " (nameserviceId, namenodeId, hostname, port, zkfcPort): not written by a ZKFC", null);
            }
            return new ActiveNodeInfo(ns, nn, host, port, zkfcPort);
        }
    };

    public byte[] encode() {
        return CODEC.encode(this);
    }

    @Override
    public String toString() {
        return nameserviceId + "/" + namenodeId + " at " + hostname + ":" + port + " (controller port " + zkfcPort + ")";
    }
}
