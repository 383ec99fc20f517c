package io.hakeeper.hbase;

import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/** HBase's ZNodePaths with its default names under {@code zookeeper.znode.parent} (layouts.md §3.1). */
public record HbaseZnodes(String base) {
    public static final String DEFAULT_BASE = "/hbase";

    public HbaseZnodes {
        if (!base.startsWith("/") || (base.length() > 1 && base.endsWith("/"))) {
            throw new IllegalArgumentException("zookeeper.znode.parent must be an absolute znode path, got '" + base + "'");
        }
    }

    public static HbaseZnodes defaults() {
        return new HbaseZnodes(DEFAULT_BASE);
    }

    private String child(String name) {
        return (base.equals("/") ? "" : base) + "/" + name;
    }

    public String rs() {
        return child("rs");
    }

    public String rs(ServerName server) {
        return rs() + "/" + server;
    }

    public String draining() {
        return child("draining");
    }

    public String master() {
        return child("master");
    }

    /**
     * The fencing epoch of the master election (hakeeper's: every new active master's term moves it on; never
     * deleted). HBase reads only the znodes it knows under its parent and ignores this one.
     */
    public String masterEpoch() {
        return child("hakeeper-master-epoch");
    }

    public String backupMasters() {
        return child("backup-masters");
    }

    public String backupMaster(ServerName server) {
        return backupMasters() + "/" + server;
    }

    public String running() {
        return child("running");
    }

    public String clusterId() {
        return child("hbaseid");
    }

    public String metaRegionServer() {
        return child("meta-region-server");
    }

    /** What ZKWatcher.createBaseZNodes makes at start-up, parents first, all persistent with empty data. */
    public List<String> baseZnodes() {
        return List.of(base, rs(), draining(), child("table"), child("splitWAL"), backupMasters(), child("master-maintenance"));
    }

    /** Creates the base znodes that are missing (idempotent, as HBase's start-up). */
    public void createBaseZnodes(CuratorFramework client) throws Exception {
        for (String path : baseZnodes()) {
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, new byte[0]);
            } catch (KeeperException.NodeExistsException ignored) {
                // made earlier
            }
        }
    }
}
