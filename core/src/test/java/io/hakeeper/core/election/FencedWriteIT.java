package io.hakeeper.core.election;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.zk.BulkReader;
import io.hakeeper.core.zk.ZkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.junit.jupiter.api.Test;

/**
 * The ZooKeeper half of the two-layer fencing, on its own: a write guarded by a breadcrumb version that a newer
 * active has since rewritten fails at ZooKeeper as a whole, even if the deposed writer never learned it lost (the
 * elector's local refusal is the other half, tested with the electors).
 */
class FencedWriteIT {
    @Test
    void aWriteBehindAStaleBreadcrumbVersionFailsAsAWhole() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder(zk.getConnectString()).build().connect()) {
            ElectorOptions options = ElectorOptions.hadoopLayout("/election").withCreateParents(true);
            ElectionZnodes znodes = new ElectionZnodes("old", client, options, new byte[] {1}, () -> 0L);
            client.create().creatingParentsIfNeeded().forPath(options.breadcrumbPath(), new byte[] {1});
            client.create().forPath("/resource", "v0".getBytes());
            int oldVersion = client.checkExists().forPath(options.breadcrumbPath()).getVersion();
            znodes.fencedWrite(oldVersion, List.of(client.transactionOp().setData().forPath("/resource", "old".getBytes())));

            client.setData().forPath(options.breadcrumbPath(), new byte[] {2}); // a newer active took over
            FencedException e = assertThrows(FencedException.class, () -> znodes.fencedWrite(oldVersion, List.of(
                    client.transactionOp().setData().forPath("/resource", "zombie".getBytes()),
                    client.transactionOp().create().forPath("/zombie-child"))));
            assertTrue(e.getMessage().contains("no longer at version"), e.getMessage());
            assertArrayEquals("old".getBytes(), client.getData().forPath("/resource"));
            assertNull(client.checkExists().forPath("/zombie-child"), "no op of the multi landed");
        }
    }

    @Test
    void bulkReadsReturnEveryResultInOrderAcrossBatches() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder(zk.getConnectString()).build().connect()) {
            client.create().forPath("/bulk");
            List<Op> ops = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                client.create().forPath("/bulk/n" + i, ("v" + i).getBytes());
                ops.add(Op.getData("/bulk/n" + i));
            }
            ops.add(Op.getData("/bulk/missing"));
            ops.add(Op.getChildren("/bulk"));
            List<OpResult> r = new BulkReader(client.getZookeeperClient().getZooKeeper(), 7, 3, Duration.ofSeconds(10)).read(ops);
            assertEquals(252, r.size());
            for (int i = 0; i < 250; i++) {
                assertArrayEquals(("v" + i).getBytes(), ((OpResult.GetDataResult) r.get(i)).getData(), "result " + i);
            }
            assertInstanceOf(OpResult.ErrorResult.class, r.get(250), "a missing znode is its own error, not the batch's");
            assertEquals(250, ((OpResult.GetChildrenResult) r.get(251)).getChildren().size());
        }
    }
}
