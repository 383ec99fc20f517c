package io.hakeeper.core.zk;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/** Guarded bulk writes on a real ZooKeeper: what landed is reported op by op; a failed guard stops everything after it. */
class BulkWriterIT {
    static List<Op> sets(int n, int badAt) {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ops.add(Op.setData("/n/" + i, ("v" + i).getBytes(), i == badAt ? 7 : 0)); // version 7: loses its race
        }
        return ops;
    }

    @Test
    void aLostRaceCostsOnlyItsOwnMultiAndAFailedGuardStopsTheRest() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder(server.getConnectString()).build().connect()) {
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            zk.create("/guard", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            zk.create("/n", null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int i = 0; i < 50; i++) {
                zk.create("/n/" + i, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            BulkWriter writer = new BulkWriter(zk, 512 * 1024, 10, 4, Duration.ofSeconds(10));
            List<Integer> sizes = java.util.Collections.nCopies(50, 2);

            BulkWriter.Outcome o = writer.writeGuarded(Op.check("/guard", 0), sets(50, 23), sizes);
            assertFalse(o.fenced());
            assertEquals(40, o.landed().cardinality(), "the multi of ops 20-29 failed as a whole, the others landed");
            assertEquals(20, o.landed().nextClearBit(0));
            assertEquals(30, o.landed().nextSetBit(20));
            assertEquals(0, zk.exists("/n/25", false).getVersion(), "nothing of the failed multi landed");
            assertEquals(1, zk.exists("/n/35", false).getVersion());

            zk.setData("/guard", null, -1); // someone else moved the guard: version 1 now
            BulkWriter.Outcome fenced = writer.writeGuarded(Op.check("/guard", 0), sets(50, -1), sizes);
            assertTrue(fenced.fenced());
            assertEquals(0, fenced.landed().cardinality(), "nothing lands behind a failed guard");
            assertEquals(1, zk.exists("/n/35", false).getVersion());
        }
    }
}
