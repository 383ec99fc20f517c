package io.hakeeper.hbase;

import java.util.Date;

/**
 * The VersionInfo an agent writes for its RegionServer. The sidecar does not know the RegionServer's build, so it
 * reports the HBase version given by {@code -Dhakeeper.hbase.version} (default 2.6.4, the version our golden bytes
 * come from), which HBase's master only shows and compares; the other fields say who wrote them.
 */
final class AgentVersion {
    private AgentVersion() {
    }

    static HbaseMessages.VersionInfo info() {
        String version = System.getProperty("hakeeper.hbase.version", "2.6.4");
        String[] parts = version.split("[.-]");
        int major = parts.length > 0 ? parseOrZero(parts[0]) : 0;
        int minor = parts.length > 1 ? parseOrZero(parts[1]) : 0;
        return new HbaseMessages.VersionInfo(version, "hakeeper hbase-registry agent", "", System.getProperty("user.name", ""),
                new Date().toString(), "", major, minor);
    }

    private static int parseOrZero(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
