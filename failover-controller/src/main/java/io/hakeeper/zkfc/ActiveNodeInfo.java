package io.hakeeper.zkfc;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.core.znode.ProtoBytes;
import io.hakeeper.core.znode.ZnodeCodec;
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
            String[] s = new String[3];
            Integer[] ports = new Integer[2];
            ProtoBytes.read(path, "ActiveNodeInfo", data, (tag, in) -> {
                switch (tag) {
                    case (1 << 3) | 2 -> s[0] = in.readString();
                    case (2 << 3) | 2 -> s[1] = in.readString();
                    case (3 << 3) | 2 -> s[2] = in.readString();
                    case (4 << 3) -> ports[0] = in.readInt32();
                    case (5 << 3) -> ports[1] = in.readInt32();
                    default -> {
                        return false; // a newer Hadoop's field: skipped, as proto2 readers skip it
                    }
                }
                return true;
            });
            String ns = s[0];
            String nn = s[1];
            String host = s[2];
            Integer port = ports[0];
            Integer zkfcPort = ports[1];
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
