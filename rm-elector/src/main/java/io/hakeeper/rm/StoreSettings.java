package io.hakeeper.rm;

import io.hakeeper.core.error.HakeeperException;
import java.util.Map;

/**
 * The state store's settings under YARN's keys and defaults (layouts.md §2.7).
 *
 * @param appSplitIndex   yarn.resourcemanager.zk-appid-node.split-index (0..4)
 * @param tokenSplitIndex yarn.resourcemanager.zk-delegation-token-node.split-index (0..4)
 * @param maxZnodeBytes   yarn.resourcemanager.zk-max-znode-size.bytes (1 MiB)
 * @param baseEpoch       yarn.resourcemanager.epoch (0): the epoch of an empty store
 */
public record StoreSettings(StoreLayout layout, int appSplitIndex, int tokenSplitIndex, int maxZnodeBytes, long baseEpoch) {
    public static final int DEFAULT_MAX_ZNODE_BYTES = 1024 * 1024;

    public StoreSettings {
        checkSplit("yarn.resourcemanager.zk-appid-node.split-index", appSplitIndex);
        checkSplit("yarn.resourcemanager.zk-delegation-token-node.split-index", tokenSplitIndex);
        if (maxZnodeBytes <= 0) {
            throw HakeeperException.config("yarn.resourcemanager.zk-max-znode-size.bytes must be positive, got " + maxZnodeBytes);
        }
    }

    public static StoreSettings defaults() {
        return new StoreSettings(new StoreLayout(StoreLayout.DEFAULT_PARENT), 0, 0, DEFAULT_MAX_ZNODE_BYTES, 0);
    }

    public StoreSettings withAppSplitIndex(int split) {
        return new StoreSettings(layout, split, tokenSplitIndex, maxZnodeBytes, baseEpoch);
    }

    public StoreSettings withTokenSplitIndex(int split) {
        return new StoreSettings(layout, appSplitIndex, split, maxZnodeBytes, baseEpoch);
    }

    public StoreSettings withLayout(StoreLayout l) {
        return new StoreSettings(l, appSplitIndex, tokenSplitIndex, maxZnodeBytes, baseEpoch);
    }

    public StoreSettings withMaxZnodeBytes(int bytes) {
        return new StoreSettings(layout, appSplitIndex, tokenSplitIndex, bytes, baseEpoch);
    }

    /** From YARN configuration keys (yarn-site.xml as read by ConfigFiles); absent keys take YARN's defaults. */
    public static StoreSettings from(Map<String, String> conf) {
        return new StoreSettings(
                new StoreLayout(conf.getOrDefault("yarn.resourcemanager.zk-state-store.parent-path", StoreLayout.DEFAULT_PARENT)),
                integer(conf, "yarn.resourcemanager.zk-appid-node.split-index", 0),
                integer(conf, "yarn.resourcemanager.zk-delegation-token-node.split-index", 0),
                integer(conf, "yarn.resourcemanager.zk-max-znode-size.bytes", DEFAULT_MAX_ZNODE_BYTES),
                integer(conf, "yarn.resourcemanager.epoch", 0));
    }

    private static int integer(Map<String, String> conf, String key, int dflt) {
        String v = conf.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw HakeeperException.config(key + " must be a whole number, got '" + v + "'");
        }
    }

    private static void checkSplit(String key, int split) {
        if (split < 0 || split > StoreLayout.MAX_SPLIT) {
            throw HakeeperException.config(key + " must be 0 to 4, got " + split);
        }
    }
}
