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

            CliRun noBackup = CliRun.of("hbase", "status", "--connect", connect);
            assertEquals(13, noBackup.code(), noBackup.toString());
            assertTrue(noBackup.out().contains("health        degraded: no backup master"), noBackup.toString());
            c.create().withMode(CreateMode.EPHEMERAL).forPath(z.backupMaster(new ServerName("hm2.example.com", 16000, 3)),
                    io.hakeeper.hbase.HbaseBytes.wrap("master:16000", HbaseMessages.master(new ServerName("hm2.example.com", 16000, 3), 16010)));
            CliRun status = CliRun.of("hbase", "status", "--connect", connect);
            assertEquals(0, status.code(), status.toString());
            assertTrue(status.out().contains("health        ok"), status.toString());
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

            c.delete().forPath(z.master());
            CliRun down = CliRun.of("hbase", "status", "--connect", connect);
            assertEquals(12, down.code(), down.toString());
            assertTrue(down.out().contains("health        down: no active master"), down.toString());
        }
    }

    /** rs-guard's bad input: one line naming the problem and the fix, the documented exit code, nothing started. */
    @Test
    void rsGuardRefusesBadInputWithOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        CliRun noStop = CliRun.of("hbase", "rs-guard", "--connect", "127.0.0.1:1", "--server", "rs1,16020");
        assertEquals(2, noStop.code(), noStop.toString());
        assertTrue(noStop.err().contains("--stop-command") && noStop.err().contains("--dry-run"), noStop.toString());

        CliRun fraction = CliRun.of("hbase", "rs-guard", "--connect", "127.0.0.1:1", "--server", "rs1,16020", "--dry-run",
                "--lease-fraction", "0.8");
        assertEquals(2, fraction.code(), fraction.toString());
        assertTrue(fraction.err().contains("--lease-fraction 0.8 is out of range"), fraction.toString());

        CliRun server = CliRun.of("hbase", "rs-guard", "--connect", "127.0.0.1:1", "--server", "rs1", "--dry-run");
        assertEquals(2, server.code(), server.toString());
        assertTrue(server.err().contains("give HOST,PORT"), server.toString());

        java.nio.file.Path site = dir.resolve("hbase-site.xml");
        java.nio.file.Files.writeString(site, "<configuration><property><name>zookeeper.session.timeout</name>"
                + "<value>ninety</value></property></configuration>");
        CliRun badSite = CliRun.of("hbase", "rs-guard", "--connect", "127.0.0.1:1", "--server", "rs1,16020", "--dry-run",
                "--hbase-site", site.toString());
        assertEquals(3, badSite.code(), badSite.toString());
        assertTrue(badSite.err().contains("zookeeper.session.timeout is \"ninety\""), badSite.toString());
        for (CliRun r : java.util.List.of(noStop, fraction, server, badSite)) {
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r);
        }
    }
}
