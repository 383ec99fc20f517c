package io.hakeeper.core.election;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.zk.BulkReader;
import io.hakeeper.core.zk.ZkSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * The ZooKeeper half of the two-layer fencing, on its own: a write under a term that a later term has ended fails
 * at ZooKeeper as a whole, even if the deposed writer never learned it lost (the elector's local refusal is the other
 * half, tested with the electors); a failing op of the caller's is not mistaken for fencing.
 */
class FencedWriteIT {
    static final String EPOCH = "/election/" + ElectorOptions.EPOCH_ZNODE;

    @Test
    void aWriteOfAnEndedTermFailsAsAWhole() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder(zk.getConnectString()).build().connect()) {
            client.create().creatingParentsIfNeeded().forPath(EPOCH, new byte[0]);
            client.create().forPath("/resource", "v0".getBytes());
            Term old = begin(client, "old");
            FencedMulti.write(client, old, List.of(client.transactionOp().setData().forPath("/resource", "old".getBytes())));

            Term next = begin(client, "new"); // a later term began
            assertTrue(next.version() > old.version() && next.token() > old.token(), "terms and tokens only go up");
            FencedException e = assertThrows(FencedException.class, () -> FencedMulti.write(client, old, List.of(
                    client.transactionOp().setData().forPath("/resource", "zombie".getBytes()),
                    client.transactionOp().create().forPath("/zombie-child"))));
            assertTrue(e.getMessage().contains("moved past version " + old.version()), e.getMessage());
            assertArrayEquals("old".getBytes(), client.getData().forPath("/resource"));
            assertNull(client.checkExists().forPath("/zombie-child"), "no op of the multi landed");
            FencedMulti.write(client, next, List.of(client.transactionOp().setData().forPath("/resource", "new".getBytes())));
            assertArrayEquals("new".getBytes(), client.getData().forPath("/resource"));
        }
    }

    @Test
    void aFailingOpOfTheCallersIsNotFencing() throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder(zk.getConnectString()).build().connect()) {
            client.create().creatingParentsIfNeeded().forPath(EPOCH, new byte[0]);
            client.create().forPath("/exists");
            Term term = begin(client, "holder");
            KeeperException e = assertThrows(KeeperException.class, () -> FencedMulti.write(client, term, List.of(
                    client.transactionOp().create().forPath("/first"),
                    client.transactionOp().create().forPath("/exists"))));
            assertEquals(KeeperException.Code.NODEEXISTS, e.code(), "the term holds; an op of ours failed, not the check");
            assertNull(client.checkExists().forPath("/first"), "a multi is all or nothing");
        }
    }

    /** What the elector does to begin a term: move the epoch znode on. */
    private static Term begin(CuratorFramework client, String holder) throws Exception {
        Stat s = client.setData().forPath(EPOCH, holder.getBytes());
        return new Term(EPOCH, s.getVersion(), s.getMzxid(), holder);
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
