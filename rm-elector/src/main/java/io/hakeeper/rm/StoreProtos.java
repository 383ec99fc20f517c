package io.hakeeper.rm;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.core.znode.ProtoBytes;
import java.nio.ByteBuffer;

/**
 * The small fixed-format values of ZKRMStateStore (layouts.md §2.2, §2.6): {@code VersionProto{int32
 * major_version = 1; int32 minor_version = 2}}, {@code EpochProto{int64 epoch = 1}}, and the delegation-token
 * sequence number as a 4-byte big-endian int. Everything else in the store is the host's own bytes.
 */
final class StoreProtos {
    private StoreProtos() {
    }

    record Version(int major, int minor) {
        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    static byte[] version(Version v) {
        return write(out -> {
            out.writeInt32(1, v.major());
            out.writeInt32(2, v.minor());
        });
    }

    static Version version(String path, byte[] data) {
        int[] mm = {-1, -1};
        ProtoBytes.read(path, "VersionProto", data, (tag, in) -> {
            switch (tag) {
                case 1 << 3 -> mm[0] = in.readInt32();
                case 2 << 3 -> mm[1] = in.readInt32();
                default -> {
                    return false;
                }
            }
            return true;
        });
        int major = mm[0];
        int minor = mm[1];
        if (major < 0 || minor < 0) {
            throw new CorruptZnodeException(path, "is a VersionProto without major and minor version", null);
        }
        return new Version(major, minor);
    }

    static byte[] epoch(long epoch) {
        return write(out -> out.writeInt64(1, epoch));
    }

    static long epoch(String path, byte[] data) {
        Long[] epoch = {null};
        ProtoBytes.read(path, "EpochProto", data, (tag, in) -> {
            if (tag == 1 << 3) {
                epoch[0] = in.readInt64();
                return true;
            }
            return false;
        });
        if (epoch[0] == null) {
            throw new CorruptZnodeException(path, "is an EpochProto without its epoch", null);
        }
        return epoch[0];
    }

    static byte[] sequenceNumber(int seq) {
        return ByteBuffer.allocate(4).putInt(seq).array();
    }

    static int sequenceNumber(String path, byte[] data) {
        if (data == null || data.length == 0) {
            return 0; // the node as ZKRMStateStore creates it, before its first delegation token: YARN reads 0 too
        }
        if (data.length != 4) {
            throw new CorruptZnodeException(path, "holds " + data.length
                    + " bytes where the delegation-token sequence number (a 4-byte int) was expected", null);
        }
        return ByteBuffer.wrap(data).getInt();
    }

    private static byte[] write(ProtoBytes.Fields fields) {
        return ProtoBytes.write(fields);
    }
}
