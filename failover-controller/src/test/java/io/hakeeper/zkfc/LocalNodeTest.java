package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.zkfc.hadoop.HaServiceHealthCheck;
import io.hakeeper.zkfc.hadoop.HaServiceRpcTarget;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which NameNode a controller is for, when {@code --node} is not given (as Hadoop's ZKFC decides), and how a node
 * without hakeeper keys is driven: over HAServiceProtocol. 192.0.2.0/24 is TEST-NET: never an address of this host,
 * and nothing here connects to it.
 */
class LocalNodeTest {
    private static Map<String, String> conf(String nn1Host, String nn2Host) {
        Map<String, String> c = new HashMap<>();
        c.put("dfs.nameservices", "ns1");
        c.put("dfs.ha.automatic-failover.enabled", "false");
        c.put("dfs.ha.namenodes.ns1", "nn1,nn2");
        c.put("dfs.namenode.rpc-address.ns1.nn1", nn1Host + ":8020");
        c.put("dfs.namenode.rpc-address.ns1.nn2", nn2Host + ":8020");
        c.put("ha.zookeeper.quorum", "127.0.0.1:2181");
        return c;
    }

    private static String pick(Map<String, String> c) {
        return LocalNode.pick(ZkfcSettings.from(c, null, null));
    }

    @Test
    void theOneMasterWithAnAddressOfThisMachineIsOurs() {
        assertEquals("nn1", pick(conf("127.0.0.1", "192.0.2.10")));
        assertEquals("nn2", pick(conf("192.0.2.10", "localhost")));
    }

    @Test
    void dfsHaNamenodeIdNamesItOutright() {
        Map<String, String> c = conf("127.0.0.1", "127.0.0.1");
        c.put("dfs.ha.namenode.id", "nn2");
        assertEquals("nn2", pick(c));
    }

    @Test
    void twoLocalMastersOrNoneAskForNode() {
        HakeeperException two = assertThrows(HakeeperException.class, () -> pick(conf("127.0.0.1", "localhost")));
        assertTrue(two.getMessage().contains("[nn1, nn2]") && two.getMessage().contains("--node"), two.getMessage());
        HakeeperException none = assertThrows(HakeeperException.class, () -> pick(conf("192.0.2.10", "192.0.2.11")));
        assertTrue(none.getMessage().contains("no") && none.getMessage().contains("--node"), none.getMessage());
    }

    @Test
    void aNodeWithoutHakeeperKeysIsDrivenOverHaServiceProtocolAtItsServiceRpcAddress() {
        Map<String, String> c = conf("127.0.0.1", "127.0.0.1");
        c.put("dfs.namenode.servicerpc-address.ns1.nn2", "127.0.0.1:8040");
        ZkfcSettings s = ZkfcSettings.from(c, null, "nn1");
        NodeSpec nn1 = s.nodes().get("nn1");
        NodeSpec nn2 = s.nodes().get("nn2");
        assertEquals("hadoop-rpc 127.0.0.1:8020", nn1.target().describe());
        assertEquals("hadoop-rpc 127.0.0.1:8040", nn2.target().describe(), "the service RPC address, as Hadoop's ZKFC");
        assertEquals(8040, nn2.port(), "and the breadcrumb names it");
        assertInstanceOf(HaServiceHealthCheck.class, nn1.checks().get(0), "health is monitorHealth");
        assertInstanceOf(HaServiceRpcTarget.class, nn1.target());
    }

    @Test
    void aNameNodeControllerRequiresAutomaticFailoverAsHadoopsDoes() {
        Map<String, String> c = conf("127.0.0.1", "127.0.0.1");
        HakeeperException e = assertThrows(HakeeperException.class,
                () -> ZkfcSettings.from(c, null, "nn1").requireAutomaticFailover());
        assertTrue(e.getMessage().startsWith("dfs.ha.automatic-failover.enabled is not true for ns1"), e.getMessage());
        assertEquals(3, e.exitCode().code());
        c.put("dfs.ha.automatic-failover.enabled.ns1", "true");
        ZkfcSettings.from(c, null, "nn1").requireAutomaticFailover();
        c.remove("dfs.ha.automatic-failover.enabled.ns1");
        c.put("hakeeper.target.ns1.nn1", "http://127.0.0.1:9001/ha"); // not a NameNode: the key is Hadoop's business
        ZkfcSettings.from(c, null, "nn1").requireAutomaticFailover();
    }

    @Test
    void aResourceManagerIsAHadoopRpcTargetAtItsAdminAddress() {
        Map<String, String> c = conf("127.0.0.1", "127.0.0.1");
        c.put("hakeeper.target.ns1.nn1", "hadoop-rpc://127.0.0.1:8033");
        assertEquals("hadoop-rpc 127.0.0.1:8033", ZkfcSettings.from(c, null, "nn1").nodes().get("nn1").target().describe());
        c.put("hakeeper.target.ns1.nn1", "hadoop-rpc://127.0.0.1:8033?source=user");
        assertEquals("hadoop-rpc 127.0.0.1:8033 as REQUEST_BY_USER",
                ZkfcSettings.from(c, null, "nn1").nodes().get("nn1").target().describe());
        c.put("hakeeper.target.ns1.nn1", "hadoop-rpc://127.0.0.1:8033?source=admin");
        HakeeperException bad = assertThrows(HakeeperException.class, () -> ZkfcSettings.from(c, null, "nn1"));
        assertTrue(bad.getMessage().contains("source=user"), bad.getMessage());
        c.put("hakeeper.target.ns1.nn1", "hadoop-rpc://no-port");
        HakeeperException e = assertThrows(HakeeperException.class, () -> ZkfcSettings.from(c, null, "nn1"));
        assertTrue(e.getMessage().contains("hadoop-rpc://host:port"), e.getMessage());
        c.remove("hakeeper.target.ns1.nn1");
        c.put("hakeeper.target.state-command.ns1.nn1", "true");
        e = assertThrows(HakeeperException.class, () -> ZkfcSettings.from(c, null, "nn1"));
        assertTrue(e.getMessage().contains("needs all three"), e.getMessage());
    }
}
