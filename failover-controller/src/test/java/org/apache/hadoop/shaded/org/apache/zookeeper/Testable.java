package org.apache.hadoop.shaded.org.apache.zookeeper;

/**
 * hadoop-client-minicluster 3.4.2 relocates ZooKeeper 3.8.4's client for Hadoop's ActiveStandbyElector but leaves
 * this one interface out, so the elector fails to connect (NoClassDefFoundError). This restores it with the
 * methods the relocated ZooKeeperTestable implements; nothing calls them. Test scope only: it lets the tests run
 * Hadoop's real elector against ours.
 */
public interface Testable {
    void injectSessionExpiration();

    void queueEvent(WatchedEvent event);
}
