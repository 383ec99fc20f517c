package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.hbase.ClusterZnodes;
import io.hakeeper.hbase.HbaseMessages;
import io.hakeeper.hbase.HbaseZnodes;
import io.hakeeper.hbase.ServerName;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;

/** {@code hakeeper hbase status} and HBase payloads in {@code hakeeper zk get}. */
class HbaseCliIT {
    @Test
    void statusAndDecodedPayloads() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework c = ZkSettings.builder(server.getConnectString()).build().connect()) {
            String connect = server.getConnectString();
            HbaseZnodes z = HbaseZnodes.defaults();
            z.createBaseZnodes(c);
            ServerName hm1 = new ServerName("hm1.example.com", 16000, 1);
            ServerName rs1 = new ServerName("rs1.example.com", 16020, 2);
            c.create().withMode(CreateMode.EPHEMERAL).forPath(z.master(),
                    io.hakeeper.hbase.HbaseBytes.wrap("master:16000", HbaseMessages.master(hm1, 16010)));
            ClusterZnodes cluster = new ClusterZnodes(c, z, "master:16000");
            cluster.setClusterId("5c6f6d70-6174-4862-a173-65636f6d7061");
            cluster.setClusterUp();
            cluster.setMetaLocation(rs1, HbaseMessages.REGION_OPEN);
            cluster.setDraining(rs1, true);

            CliRun status = CliRun.of("hbase", "status", "--connect", connect);
            assertEquals(0, status.code(), status.toString());
            assertTrue(status.out().contains("master        hm1.example.com,16000,1 (info port 16010)"), status.out());
            assertTrue(status.out().contains("draining      [rs1.example.com,16020,2]"), status.out());
            assertTrue(status.out().contains("cluster id    5c6f6d70-6174-4862-a173-65636f6d7061"), status.out());
            assertTrue(status.out().contains("meta          rs1.example.com,16020,2 state 3"), status.out());

            String master = CliRun.of("zk", "get", "/hbase/master", "--connect", connect).out();
            assertTrue(master.startsWith("Master hm1.example.com,16000,1 info port 16010 (written by master:16000)"), master);

            c.setData().forPath(z.master(), "garbage".getBytes());
            CliRun corrupt = CliRun.of("hbase", "status", "--connect", connect);
            assertEquals(6, corrupt.code(), corrupt.toString());
            assertTrue(corrupt.out().contains("problem: znode /hbase/master"), corrupt.toString());
        }
    }
}
