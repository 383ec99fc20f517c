package io.hakeeper.hbase;

import com.google.protobuf.CodedInputStream;
import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.core.znode.ProtoBytes;
import java.io.IOException;

/**
 * HBase's ZooKeeper protobuf messages (hbase.pb, proto2; layouts.md §3.3), written field for field as HBase's
 * generated code writes them so the bytes equal the golden ones: ServerName, Master, MetaRegionServer,
 * RegionServerInfo with VersionInfo, ClusterUp, ClusterId. Readers skip fields they do not know.
 */
public final class HbaseMessages {
    /** RegionState.State OPEN, what a served meta region reports. */
    public static final int REGION_OPEN = 3;

    private HbaseMessages() {
    }

    public record Master(ServerName server, int infoPort) {
    }

    public record MetaLocation(ServerName server, int state) {
    }

    /** The build a RegionServer reports (all six strings are required by HBase's proto). */
    public record VersionInfo(String version, String url, String revision, String user, String date, String srcChecksum,
                              int major, int minor) {
    }

    public record RegionServerInfo(int infoPort, VersionInfo version) {
    }

    // ---- writers --------------------------------------------------------------------------------------------

    public static byte[] master(ServerName server, int infoPort) {
        return write(out -> {
            out.writeByteArray(1, serverName(server));
            out.writeUInt32(2, 0); // HConstants.RPC_CURRENT_VERSION, set explicitly, so HBase writes it
            out.writeUInt32(3, infoPort);
        });
    }

    public static byte[] metaRegionServer(ServerName server, int state) {
        return write(out -> {
            out.writeByteArray(1, serverName(server));
            out.writeUInt32(2, 0);
            out.writeEnum(3, state);
        });
    }

    public static byte[] regionServerInfo(RegionServerInfo info) {
        return write(out -> {
            out.writeInt32(1, info.infoPort());
            VersionInfo v = info.version();
            out.writeByteArray(2, write(o -> {
                o.writeString(1, v.version());
                o.writeString(2, v.url());
                o.writeString(3, v.revision());
                o.writeString(4, v.user());
                o.writeString(5, v.date());
                o.writeString(6, v.srcChecksum());
                o.writeUInt32(7, v.major());
                o.writeUInt32(8, v.minor());
            }));
        });
    }

    public static byte[] clusterUp(String startDate) {
        return write(out -> out.writeString(1, startDate));
    }

    public static byte[] clusterId(String id) {
        return write(out -> out.writeString(1, id));
    }

    static byte[] serverName(ServerName s) {
        return write(out -> {
            out.writeString(1, s.host());
            out.writeUInt32(2, s.port());
            out.writeUInt64(3, s.startCode());
        });
    }

    // ---- readers --------------------------------------------------------------------------------------------

    public static Master parseMaster(String path, byte[] message) {
        ServerName[] server = {null};
        int[] infoPort = {0};
        read(path, "Master", message, (field, in) -> {
            switch (field) {
                case 1 -> server[0] = parseServerName(path, in.readByteArray());
                case 3 -> infoPort[0] = in.readUInt32();
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (server[0] == null) {
            throw new CorruptZnodeException(path, "is a Master message without its server name", null);
        }
        return new Master(server[0], infoPort[0]);
    }

    public static MetaLocation parseMetaRegionServer(String path, byte[] message) {
        ServerName[] server = {null};
        int[] state = {REGION_OPEN};
        read(path, "MetaRegionServer", message, (field, in) -> {
            switch (field) {
                case 1 -> server[0] = parseServerName(path, in.readByteArray());
                case 3 -> state[0] = in.readEnum();
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (server[0] == null) {
            throw new CorruptZnodeException(path, "is a MetaRegionServer message without its server", null);
        }
        return new MetaLocation(server[0], state[0]);
    }

    public static RegionServerInfo parseRegionServerInfo(String path, byte[] message) {
        int[] infoPort = {-1};
        VersionInfo[] version = {null};
        read(path, "RegionServerInfo", message, (field, in) -> {
            switch (field) {
                case 1 -> infoPort[0] = in.readInt32();
                case 2 -> version[0] = parseVersion(path, in.readByteArray());
                default -> {
                    return false;
                }
            }
            return true;
        });
        return new RegionServerInfo(infoPort[0], version[0]);
    }

    /** ClusterUp's start date, or ClusterId's id: both one string in field 1. */
    public static String parseSingleString(String path, String type, byte[] message) {
        String[] s = {null};
        read(path, type, message, (field, in) -> {
            if (field == 1) {
                s[0] = in.readString();
                return true;
            }
            return false;
        });
        if (s[0] == null) {
            throw new CorruptZnodeException(path, "is a " + type + " message without its field 1", null);
        }
        return s[0];
    }

    static ServerName parseServerName(String path, byte[] message) {
        String[] host = {null};
        long[] portAndCode = {0, -1};
        read(path, "ServerName", message, (field, in) -> {
            switch (field) {
                case 1 -> host[0] = in.readString();
                case 2 -> portAndCode[0] = in.readUInt32();
                case 3 -> portAndCode[1] = in.readUInt64();
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (host[0] == null) {
            throw new CorruptZnodeException(path, "holds a ServerName without a host", null);
        }
        return new ServerName(host[0], (int) portAndCode[0], portAndCode[1]);
    }

    private static VersionInfo parseVersion(String path, byte[] message) {
        String[] s = new String[6];
        int[] mm = {0, 0};
        read(path, "VersionInfo", message, (field, in) -> {
            if (field >= 1 && field <= 6) {
                s[field - 1] = in.readString();
            } else if (field == 7 || field == 8) {
                mm[field - 7] = in.readUInt32();
            } else {
                return false;
            }
            return true;
        });
        return new VersionInfo(s[0], s[1], s[2], s[3], s[4], s[5], mm[0], mm[1]);
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    /** HBase's readers match on the field number alone. */
    private interface FieldReader {
        boolean read(int field, CodedInputStream in) throws IOException;
    }

    private static void read(String path, String type, byte[] message, FieldReader reader) {
        ProtoBytes.read(path, type, message, (tag, in) -> reader.read(tag >>> 3, in));
    }

    private static byte[] write(ProtoBytes.Fields fields) {
        return ProtoBytes.write(fields);
    }
}
