package io.hakeeper.hbase;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The cluster-wide znodes a master writes (layouts.md §3.4): {@code hbaseid} (ClusterId), {@code running}
 * (ClusterUp), {@code meta-region-server} (MetaRegionServer), {@code draining/<servername>} (empty), each as HBase
 * writes it; and a reader for all of them and the election, for {@code hakeeper hbase status}.
 */
public final class ClusterZnodes {
    private final CuratorFramework client;
    private final HbaseZnodes znodes;
    private final String identifier;

    /** @param identifier the writer named in the metadata wrapper, e.g. {@code master:16000} */
    public ClusterZnodes(CuratorFramework client, HbaseZnodes znodes, String identifier) {
        this.client = client;
        this.znodes = znodes;
        this.identifier = identifier;
    }

    public void setClusterId(String id) throws Exception {
        put(znodes.clusterId(), HbaseMessages.clusterId(id));
    }

    /** {@code start_date} as {@code new java.util.Date().toString()}, as HBase writes it. */
    public void setClusterUp() throws Exception {
        put(znodes.running(), HbaseMessages.clusterUp(new Date().toString()));
    }

    public void setMetaLocation(ServerName server, int state) throws Exception {
        put(znodes.metaRegionServer(), HbaseMessages.metaRegionServer(server, state));
    }

    public void setDraining(ServerName server, boolean draining) throws Exception {
        String path = znodes.draining() + "/" + server;
        try {
            if (draining) {
                client.create().withMode(CreateMode.PERSISTENT).forPath(path, new byte[0]);
            } else {
                client.delete().forPath(path);
            }
        } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException already) {
            // already as asked
        }
    }

    private void put(String path, byte[] message) throws Exception {
        byte[] bytes = HbaseBytes.wrap(identifier, message);
        try {
            client.create().withMode(CreateMode.PERSISTENT).forPath(path, bytes);
        } catch (KeeperException.NodeExistsException e) {
            client.setData().forPath(path, bytes);
        }
    }

    /** What {@code hakeeper hbase status} shows. */
    public record Status(Optional<HbaseMessages.Master> master, List<ServerName> backups, List<ServerName> live,
                         List<ServerName> draining, Optional<HbaseMessages.MetaLocation> meta, Optional<String> clusterId,
                         Optional<String> runningSince, List<String> problems) {
    }

    public Status status() throws Exception {
        List<String> problems = new ArrayList<>();
        Optional<HbaseMessages.Master> master = read(znodes.master(), problems,
                (p, m) -> HbaseMessages.parseMaster(p, m));
        Optional<HbaseMessages.MetaLocation> meta = read(znodes.metaRegionServer(), problems,
                (p, m) -> HbaseMessages.parseMetaRegionServer(p, m));
        Optional<String> id = read(znodes.clusterId(), problems, (p, m) -> HbaseMessages.parseSingleString(p, "ClusterId", m));
        Optional<String> up = read(znodes.running(), problems, (p, m) -> HbaseMessages.parseSingleString(p, "ClusterUp", m));
        return new Status(master, names(znodes.backupMasters(), problems), names(znodes.rs(), problems),
                names(znodes.draining(), problems), meta, id, up, problems);
    }

    private interface Parser<T> {
        T parse(String path, byte[] message);
    }

    private <T> Optional<T> read(String path, List<String> problems, Parser<T> parser) throws Exception {
        try {
            return Optional.of(parser.parse(path, HbaseBytes.unwrap(path, client.getData().forPath(path))));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (io.hakeeper.core.znode.CorruptZnodeException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    private List<ServerName> names(String dir, List<String> problems) throws Exception {
        List<ServerName> out = new ArrayList<>();
        try {
            for (String name : new TreeSet<>(client.getChildren().forPath(dir))) {
                try {
                    out.add(ServerName.parse(name));
                } catch (RuntimeException e) {
                    problems.add("znode " + dir + "/" + name + ": not a server name");
                }
            }
        } catch (KeeperException.NoNodeException e) {
            // no such directory yet
        }
        return out;
    }
}
