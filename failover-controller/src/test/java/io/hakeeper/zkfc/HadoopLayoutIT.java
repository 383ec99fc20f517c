package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.election.ElectorState;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.AclSpec;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.testkit.Golden;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** Our elector on Hadoop's layout leaves exactly the znodes Hadoop's ActiveStandbyElector leaves. */
class HadoopLayoutIT {
    @Test
    void electionZnodesMatchTheGoldenOnes() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder(server.getConnectString()).build().connect()) {
            HdfsHaZnodes layout = new HdfsHaZnodes(HdfsHaZnodes.DEFAULT_PARENT, "mycluster");
            ElectorListener service = new ElectorListener() {
                @Override
                public void becomeActive(long epoch) {
                }

                @Override
                public void becomeStandby() {
                }

                @Override
                public void fenceOldActive(byte[] breadcrumb) {
                }

                @Override
                public void fatal(String reason, Throwable cause) {
                    fail(reason);
                }
            };
            try (Elector elector = new Elector("nn1", client, ActiveNodeInfoTest.NN1.encode(),
                    layout.electorOptions().withCreateParents(true), service)) {
                elector.start();
                elector.joinElection();
                Await.until(() -> elector.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "active");
                for (String file : new String[] {"hadoop-ha", "hadoop-ha_mycluster", "hadoop-ha_mycluster_ActiveBreadCrumb",
                        "hadoop-ha_mycluster_ActiveStandbyElectorLock"}) {
                    Golden.Znode golden = Golden.read("hadoop", file);
                    Stat stat = new Stat();
                    byte[] ours = client.getData().storingStatIn(stat).forPath(golden.path());
                    assertArrayEquals(golden.data(), ours, golden.path());
                    assertEquals(golden.mode(), stat.getEphemeralOwner() != 0 ? "EPHEMERAL" : "PERSISTENT", golden.path());
                    assertEquals("world:anyone:rwcda", AclSpec.format(client.getACL().forPath(golden.path())), golden.path());
                }
            }
        }
    }
}
