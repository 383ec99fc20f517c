package io.hakeeper.core.zk;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.error.ZkErrors;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ZkSettingsIT {
    static TestingServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private String connect() {
        return "127.0.0.1:" + server.getPort();
    }

    @Test
    void createsWithTheConfiguredAclAndTheChroot() throws Exception {
        try (CuratorFramework root = ZkSettings.builder(connect()).build().connect()) {
            root.create().forPath("/chroot"); // ZooKeeper requires a chroot to exist
        }
        String adminId = AuthSpec.digestId("admin:secret");
        ZkSettings admin = ZkSettings.builder(connect() + "/chroot")
                .auth("digest:admin:secret")
                .acl("world:anyone:r,digest:" + adminId + ":cdrwa")
                .build();
        try (CuratorFramework client = admin.connect()) {
            client.create().creatingParentsIfNeeded().forPath("/a/b", "x".getBytes());
            List<ACL> acl = client.getACL().forPath("/a/b");
            assertEquals("world:anyone:r,digest:" + adminId + ":rwcda", AclSpec.format(acl));
        }
        try (CuratorFramework root = ZkSettings.builder(connect()).build().connect()) {
            assertArrayEquals("x".getBytes(), root.getData().forPath("/chroot/a/b"), "the chroot is applied");
            assertEquals(0, root.getData().forPath("/chroot/a").length, "parents are created empty, as Hadoop does");
        }
        // an anonymous client may read but not write, and gets a one-line AUTH error naming the fix
        try (CuratorFramework anon = ZkSettings.builder(connect() + "/chroot").build().connect()) {
            KeeperException e = assertThrows(KeeperException.NoAuthException.class,
                    () -> anon.setData().forPath("/a/b", "y".getBytes()));
            HakeeperException explained = ZkErrors.explain(e, connect());
            assertEquals(ExitCode.AUTH, explained.exitCode());
            assertTrue(explained.getMessage().contains("--auth"), explained.getMessage());
        }
        // wrong password: the digest identity differs, so the write is denied
        try (CuratorFramework wrong = ZkSettings.builder(connect() + "/chroot").auth("digest:admin:wrong").build().connect()) {
            assertThrows(KeeperException.NoAuthException.class, () -> wrong.setData().forPath("/a/b", "y".getBytes()));
        }
    }

    /** What an agent does at start, as Kafka's broker does: a missing chroot is created, with its parents and our ACL. */
    @Test
    void aMissingChrootIsCreatedWithItsParentsAndOurAcl() throws Exception {
        String adminId = AuthSpec.digestId("sim:secret");
        ZkSettings inside = ZkSettings.builder(connect() + "/sims/kafka").auth("digest:sim:secret")
                .acl("world:anyone:r,digest:" + adminId + ":cdrwa").build();
        try (CuratorFramework client = inside.connect()) {
            assertThrows(KeeperException.NoNodeException.class, () -> client.create().creatingParentsIfNeeded().forPath("/brokers"),
                    "without it, nothing can be made inside a missing chroot");
        }
        inside.createChrootIfMissing();
        inside.createChrootIfMissing(); // a second time: nothing to do
        try (CuratorFramework client = inside.connect()) {
            client.create().creatingParentsIfNeeded().forPath("/brokers/ids");
        }
        // as the owner (ZooKeeper shows a digest ACL's hash only to a client with ADMIN on the znode)
        try (CuratorFramework root = ZkSettings.builder(connect()).auth("digest:sim:secret").build().connect()) {
            assertNotNull(root.checkExists().forPath("/sims/kafka/brokers/ids"));
            assertEquals(0, root.getData().forPath("/sims").length);
            for (String made : List.of("/sims", "/sims/kafka")) {
                assertEquals("world:anyone:r,digest:" + adminId + ":rwcda", AclSpec.format(root.getACL().forPath(made)),
                        made + " carries our ACL");
            }
        }
        ZkSettings.builder(connect()).build().createChrootIfMissing(); // no chroot: nothing to do
    }

    @Test
    void unreachableQuorumFailsAtTheDeadlineWithExitCode4() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ZkSettings settings = ZkSettings.builder("127.0.0.1:" + closedPort)
                .connectionTimeout(Duration.ofMillis(800)).build();
        HakeeperException e = assertThrows(HakeeperException.class, settings::connect);
        assertEquals(ExitCode.UNREACHABLE, e.exitCode());
        assertTrue(e.getMessage().contains("quorum status"), e.getMessage());
    }
}
