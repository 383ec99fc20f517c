package io.hakeeper.hbase;

import io.hakeeper.core.znode.PayloadDecoder;
import java.util.Arrays;
import java.util.Optional;
import org.apache.zookeeper.data.Stat;

/** Teaches {@code hakeeper zk get} HBase's znodes: master, backup masters, RegionServers, meta location, cluster id and state. */
public final class HbasePayloadDecoder implements PayloadDecoder {
    @Override
    public Optional<String> decode(String path, byte[] data, Stat stat) {
        byte[] payload = HbaseBytes.stripMetadata(path, data);
        if (payload.length < 4 || !Arrays.equals(Arrays.copyOf(payload, 4), HbaseBytes.PB_MAGIC)) {
            return Optional.empty(); // not an HBase payload
        }
        String writer = HbaseBytes.writer(path, data);
        String by = writer == null ? "" : " (written by " + writer + ")";
        byte[] m = HbaseBytes.unwrap(path, data);
        String parent = path.substring(0, Math.max(0, path.lastIndexOf('/')));
        if (path.endsWith("/master") || parent.endsWith("/backup-masters")) {
            HbaseMessages.Master master = HbaseMessages.parseMaster(path, m);
            return Optional.of("Master " + master.server() + " info port " + master.infoPort() + by);
        }
        if (parent.endsWith("/rs")) {
            HbaseMessages.RegionServerInfo info = HbaseMessages.parseRegionServerInfo(path, m);
            return Optional.of("RegionServerInfo info port " + info.infoPort()
                    + (info.version() == null ? "" : ", version " + info.version().version()) + by);
        }
        if (path.substring(path.lastIndexOf('/') + 1).startsWith("meta-region-server")) {
            HbaseMessages.MetaLocation meta = HbaseMessages.parseMetaRegionServer(path, m);
            return Optional.of("MetaRegionServer " + meta.server() + " state " + meta.state() + by);
        }
        if (path.endsWith("/hbaseid")) {
            return Optional.of("ClusterId " + HbaseMessages.parseSingleString(path, "ClusterId", m) + by);
        }
        if (path.endsWith("/running")) {
            return Optional.of("ClusterUp since " + HbaseMessages.parseSingleString(path, "ClusterUp", m) + by);
        }
        return Optional.empty();
    }
}
