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

            assertEquals(0, CliRun.of("rm", "store", "format", "--connect", connect).code());
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
            CliRun refused = CliRun.of("rm", "store", "format", "--connect", connect);
            assertEquals(8, refused.code(), refused.toString());
            assertTrue(refused.err().contains("rm1 of cluster demo-cluster is active"), refused.toString());
            assertNotNull(c.checkExists().forPath("/rmstore/ZKRMStateRoot/RMAppRoot/application_1700000000000_0001"),
                    "a refused format deletes nothing");
        }
    }
}
