package io.hakeeper.quorum;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ephemerals removed by a session close and by a session expiry both leave an audit entry, in the audit file. */
class AuditIT {
    @TempDir
    Path dir;

    @Test
    void ephemeralDeletionOnCloseAndOnExpiryIsAudited() throws Exception {
        try (DevEnsemble ensemble = new DevEnsemble(1, 0, false, dir).start(Duration.ofSeconds(60))) {
            Path audit = ensemble.member(1).logDir().resolve(ServerLogging.AUDIT_LOG);
            long closedSession;
            try (CuratorFramework closing = ZkSettings.builder(ensemble.connectString()).build().connect()) {
                closing.create().withMode(CreateMode.EPHEMERAL).forPath("/audit-close");
                closedSession = closing.getZookeeperClient().getZooKeeper().getSessionId();
            }

            long expiredSession;
            try (CuratorFramework expiring = ZkSettings.builder(ensemble.connectString())
                    .sessionTimeout(Duration.ofSeconds(4)).build().connect()) {
                expiring.create().withMode(CreateMode.EPHEMERAL).forPath("/audit-expire");
                ZooKeeper zk = expiring.getZookeeperClient().getZooKeeper();
                expiredSession = zk.getSessionId();
                // the client goes silent without closing its session: only the server's expiry can remove the node
                zk.getTestable().injectSessionExpiration();
            }
            try (CuratorFramework observer = ZkSettings.builder(ensemble.connectString()).build().connect()) {
                Await.until(() -> exists(observer, "/audit-expire") == false, Duration.ofSeconds(20), "session expiry");
                assertFalse(exists(observer, "/audit-close"));
            }
            String closeLine = "session=0x" + Long.toHexString(closedSession);
            String expireLine = "session=0x" + Long.toHexString(expiredSession);
            Await.until(() -> read(audit).contains(expireLine) && read(audit).contains(closeLine), Duration.ofSeconds(10),
                    "audit entries in " + audit);
            String log = read(audit);
            assertAudited(log, closeLine, "/audit-close");
            assertAudited(log, expireLine, "/audit-expire");
            // the metrics endpoint of our defaults serves the server's own metrics
            String metrics = new String(java.net.URI.create("http://127.0.0.1:" + ensemble.member(1).metricsPort() + "/metrics")
                    .toURL().openStream().readAllBytes());
            assertTrue(metrics.contains("\nznode_count "), metrics);
            assertFalse(read(ensemble.member(1).logDir().resolve(ServerLogging.SERVER_LOG))
                    .contains("ephemeralZNodeDeletionOnSessionCloseOrExpire"), "audit lines stay out of the server log");
        }
    }

    private static void assertAudited(String log, String session, String path) {
        assertTrue(log.lines().anyMatch(l -> l.contains(session)
                        && l.contains("operation=ephemeralZNodeDeletionOnSessionCloseOrExpire")
                        && l.contains("znode=" + path + "\t") && l.contains("result=success")),
                "no audit entry for " + path + " of " + session + " in:\n" + log);
    }

    private static boolean exists(CuratorFramework c, String path) {
        try {
            return c.checkExists().forPath(path) != null;
        } catch (Exception e) {
            return true;
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
