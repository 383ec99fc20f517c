package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.rm.ActiveRmInfo;
import io.hakeeper.rm.RmStateStore;
import io.hakeeper.rm.StoreSettings;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

/** {@code hakeeper rm store ...} and the ResourceManager payloads in {@code hakeeper zk get}. */
class RmCliIT {
    @Test
    void formatLsDumpAndDecodedPayloads() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework c = ZkSettings.builder(server.getConnectString()).build().connect()) {
            String connect = server.getConnectString();
            CliRun missing = CliRun.of("rm", "store", "ls", "--connect", connect);
            assertEquals(7, missing.code(), missing.toString());
            assertTrue(missing.err().contains("no state store at /rmstore/ZKRMStateRoot"), missing.toString());

            CliRun noCluster = CliRun.of("rm", "store", "format", "--connect", connect);
            assertEquals(2, noCluster.code(), "whose election to check is never guessed: " + noCluster);
            assertTrue(noCluster.err().contains("--cluster"), noCluster.toString());
            assertNull(c.checkExists().forPath("/rmstore"), "a refused format writes nothing");
            assertEquals(0, CliRun.of("rm", "store", "format", "--connect", connect, "--cluster", "demo-cluster").code());
            RmStateStore store = new RmStateStore(c, StoreSettings.defaults(), RmStateStore.unfenced(c));
            store.getAndIncrementEpoch();
            store.storeApplication("application_1700000000000_0001", new byte[100]);
            store.storeAttempt("application_1700000000000_0001", "appattempt_1700000000000_0001_000001", new byte[10]);
            store.storeToken(3, new byte[5]);

            CliRun ls = CliRun.of("rm", "store", "ls", "--connect", connect);
            assertEquals(0, ls.code(), ls.toString());
            assertTrue(ls.out().contains("applications 1 (attempts 1)") && ls.out().contains("sequence number 3")
                    && ls.out().contains("epoch        1"), ls.out());
            CliRun dump = CliRun.of("rm", "store", "dump", "--connect", connect);
            assertTrue(dump.out().contains("application_1700000000000_0001  100 bytes")
                    && dump.out().contains("appattempt_1700000000000_0001_000001  10 bytes"), dump.out());

            assertEquals("VersionProto 1.5\n", CliRun.of("zk", "get", "/rmstore/ZKRMStateRoot/RMVersionNode", "--connect", connect).out());
            assertEquals("EpochProto epoch=1\n", CliRun.of("zk", "get", "/rmstore/ZKRMStateRoot/EpochNode", "--connect", connect).out());
            assertEquals("delegation-token sequence number 3\n", CliRun.of("zk", "get",
                    "/rmstore/ZKRMStateRoot/RMDTSecretManagerRoot/RMDTSequentialNumber", "--connect", connect).out());

            c.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath("/yarn-leader-election/demo-cluster/ActiveStandbyElectorLock", new ActiveRmInfo("demo-cluster", "rm1").encode());
            String lock = CliRun.of("zk", "get", "/yarn-leader-election/demo-cluster/ActiveStandbyElectorLock", "--connect", connect).out();
            assertTrue(lock.startsWith("ActiveRMInfoProto") && lock.contains("rm1"), lock);
            CliRun refused = CliRun.of("rm", "store", "format", "--connect", connect, "--cluster", "demo-cluster");
            assertEquals(8, refused.code(), refused.toString());
            assertTrue(refused.err().contains("rm1 holds the election lock"), refused.toString());
            assertNotNull(c.checkExists().forPath("/rmstore/ZKRMStateRoot/RMAppRoot/application_1700000000000_0001"),
                    "a refused format deletes nothing");
        }
    }

    /**
     * {@code --force} beside an active RM: the format begins a term of its own first, so the active's store writes
     * fail from then on (its term is over), and then formats; the RM's writes never reach the new store.
     */
    @Test
    void forceFencesTheActiveRmBeforeItDeletesAnything() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework c = ZkSettings.builder(server.getConnectString()).build().connect();
             CuratorFramework rmClient = ZkSettings.builder(server.getConnectString()).build().connect()) {
            String connect = server.getConnectString();
            java.util.concurrent.atomic.AtomicReference<RmStateStore> handed = new java.util.concurrent.atomic.AtomicReference<>();
            try (io.hakeeper.rm.RmElector rm = new io.hakeeper.rm.RmElector(rmClient, io.hakeeper.rm.RmElector.DEFAULT_BASE,
                    "c1", "rm1", StoreSettings.defaults(), new io.hakeeper.rm.RmListener() {
                        @Override
                        public void becomeActive(long epoch, long rmEpoch, RmStateStore store, io.hakeeper.rm.RmState recovered) {
                            handed.set(store);
                        }

                        @Override
                        public void becomeStandby() {
                        }

                        @Override
                        public void fatal(String reason, Throwable cause) {
                        }
                    })) {
                rm.start();
                io.hakeeper.core.util.Await.until(() -> handed.get() != null, java.time.Duration.ofSeconds(10), "rm1 active");
                handed.get().storeApplication("application_1700000000000_0001", new byte[10]);

                assertEquals(8, CliRun.of("rm", "store", "format", "--connect", connect, "--cluster", "c1").code(),
                        "refused without --force while rm1 holds the lock");
                CliRun forced = CliRun.of("rm", "store", "format", "--connect", connect, "--cluster", "c1", "--force");
                assertEquals(0, forced.code(), forced.toString());
                assertNull(c.checkExists().forPath("/rmstore/ZKRMStateRoot/RMAppRoot/application_1700000000000_0001"));
                assertThrows(io.hakeeper.core.election.FencedException.class,
                        () -> handed.get().storeApplication("application_1700000000000_0002", new byte[10]),
                        "the deposed active's writes fail at ZooKeeper");
                assertNull(c.checkExists().forPath("/rmstore/ZKRMStateRoot/RMAppRoot/application_1700000000000_0002"));
                assertNotNull(c.checkExists().forPath("/rmstore/ZKRMStateRoot/RMVersionNode"), "laid out empty");
            }
        }
    }
}
