package io.hakeeper.core.zk;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.Test;

/** The write probe on a real ZooKeeper: it tells allowed from denied and never leaves a znode behind. */
class WriteProbeIT {
    @Test
    void tellsAnAllowedCreateFromADeniedOneAndWritesNothing() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder(server.getConnectString()).build().connect()) {
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            zk.create("/open", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            String alice = DigestAuthenticationProvider.generateDigest("alice:right");
            zk.create("/alice", null, new java.util.ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", alice)),
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE))), CreateMode.PERSISTENT);
            long zxidBefore = zk.exists("/", false).getPzxid();

            WriteProbe.requireCreate(zk, "/open/a/b/c"); // missing parents: asks the nearest existing one
            WriteProbe.requireCreate(zk, "/open");
            KeeperException.NoAuthException denied = assertThrows(KeeperException.NoAuthException.class,
                    () -> WriteProbe.requireCreate(zk, "/alice/store/root"));
            assertEquals("/alice", denied.getPath(), "names the znode whose ACL refuses us");

            assertEquals(List.of(), zk.getChildren("/open", false), "no probe left behind");
            assertEquals(List.of(), zk.getChildren("/alice", false));
            assertEquals(zxidBefore, zk.exists("/", false).getPzxid(), "nothing created anywhere");
        }
    }
}
