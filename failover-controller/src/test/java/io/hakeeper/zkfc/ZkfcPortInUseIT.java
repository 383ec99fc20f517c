package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.FreePorts;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * The migration mistake: starting our controller beside a NameNode while Hadoop's ZKFC still holds
 * dfs.ha.zkfc.port. One line naming the port and the fix, exit 8, and nothing left running.
 */
class ZkfcPortInUseIT {
    @Test
    void aTakenZkfcPortIsNamedWithTheFix() throws Exception {
        int[] ports = FreePorts.reserve(3);
        try (TestingServer zk = new TestingServer(true);
             ServerSocket hadoopsZkfc = new ServerSocket(ports[1], 50, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> conf = Map.of(
                    "dfs.nameservices", "ns1",
                    "dfs.ha.namenodes.ns1", "nn1,nn2",
                    "dfs.namenode.rpc-address.ns1.nn1", "127.0.0.1:" + ports[0],
                    "dfs.namenode.rpc-address.ns1.nn2", "127.0.0.1:" + ports[0],
                    "dfs.ha.zkfc.port", Integer.toString(ports[1]),
                    "hakeeper.admin.port", Integer.toString(ports[2]),
                    "dfs.ha.automatic-failover.enabled", "true",
                    "dfs.ha.fencing.methods", "shell(/bin/true)",
                    "ha.zookeeper.quorum", "127.0.0.1:" + zk.getPort());
            ZkfcSettings settings = ZkfcSettings.from(conf, null, "nn1");
            try (var client = settings.zk().connect()) {
                client.create().creatingParentsIfNeeded().forPath(settings.layout().workingDir());
            }
            HakeeperException e;
            try (ZkfcController controller = new ZkfcController(settings)) {
                e = assertThrows(HakeeperException.class, controller::start);
            }
            assertEquals(ExitCode.CONFLICT, e.exitCode());
            assertTrue(e.getMessage().startsWith("dfs.ha.zkfc.port " + ports[1] + " on 127.0.0.1 is in use")
                    && e.getMessage().contains("hdfs --daemon stop zkfc"), e.getMessage());
            try (ServerSocket adminFreedAgain = new ServerSocket(ports[2], 50, InetAddress.getByName("127.0.0.1"))) {
                assertTrue(adminFreedAgain.isBound(), "the half-started controller released its admin port");
            }
        }
    }
}
