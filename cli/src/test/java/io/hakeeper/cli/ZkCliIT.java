package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.zk.ZkSettings;
import java.net.ServerSocket;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inspection commands against a real server: output, and the exit codes of each failure. */
class ZkCliIT {
    static TestingServer server;
    static String connect;

    @BeforeAll
    static void start() throws Exception {
        server = new TestingServer(true);
        connect = "127.0.0.1:" + server.getPort();
        try (CuratorFramework c = ZkSettings.builder(connect).build().connect()) {
            c.create().creatingParentsIfNeeded().forPath("/app/text", "hello world".getBytes());
            c.create().forPath("/app/binary", new byte[] {0, 1, 2, (byte) 0xff, 'A'});
            c.create().forPath("/app/empty");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void lsGetStatTree() {
        CliRun ls = CliRun.of("zk", "ls", "/app", "--connect", connect);
        assertEquals(0, ls.code(), ls.toString());
        assertEquals("binary\nempty\ntext\n", ls.out());

        assertEquals("hello world\n", CliRun.of("zk", "get", "/app/text", "--connect", connect).out());
        String hex = CliRun.of("zk", "get", "/app/binary", "--connect", connect).out();
        assertTrue(hex.startsWith("00000000  00 01 02 ff 41"), hex);
        assertTrue(hex.contains("|....A|"), hex);
        assertEquals("(empty)\n", CliRun.of("zk", "get", "/app/empty", "--connect", connect).out());

        CliRun stat = CliRun.of("zk", "stat", "/app/text", "--connect", connect);
        assertTrue(stat.out().contains("dataLength     11"), stat.toString());
        assertTrue(stat.out().contains("acl            world:anyone:rwcda"), stat.toString());

        CliRun tree = CliRun.of("zk", "tree", "/app", "--connect", connect);
        assertTrue(tree.out().contains("/app\n  binary  (5 bytes)\n  empty\n  text  (11 bytes)\n"), tree.toString());
    }

    @Test
    void ephemeralsAreMarkedInTheTree() throws Exception {
        try (CuratorFramework c = ZkSettings.builder(connect).build().connect()) {
            c.create().withMode(CreateMode.EPHEMERAL).forPath("/eph");
            assertTrue(CliRun.of("zk", "tree", "/eph", "--connect", connect).out().contains("[ephemeral]"));
        }
    }

    @Test
    void failuresExitWithTheirCodes() throws Exception {
        CliRun missing = CliRun.of("zk", "get", "/nope", "--connect", connect);
        assertEquals(7, missing.code(), missing.toString());
        assertTrue(missing.err().startsWith("error: no znode on /nope"), missing.toString());

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        CliRun unreachable = CliRun.of("zk", "ls", "/", "--connect", "127.0.0.1:" + closed, "--connect-timeout", "800");
        assertEquals(4, unreachable.code(), unreachable.toString());
        assertEquals(1, unreachable.err().lines().count(), "one line: " + unreachable);

        CliRun badConnect = CliRun.of("zk", "ls", "/", "--connect", "host:notaport");
        assertEquals(2, badConnect.code(), badConnect.toString()); // typed on the command line: usage, naming --connect
        assertTrue(badConnect.err().contains("--connect"), badConnect.toString());

        CliRun status = CliRun.of("quorum", "status", "--connect", connect);
        assertEquals(0, status.code(), status.toString());
        assertTrue(status.out().contains("standalone"), status.toString());
        CliRun noQuorum = CliRun.of("quorum", "status", "--connect", "127.0.0.1:" + closed, "--timeout", "500");
        assertEquals(4, noQuorum.code(), noQuorum.toString());
        assertTrue(noQuorum.out().contains("down"), noQuorum.toString());
        CliRun degraded = CliRun.of("quorum", "status", "--connect", connect + ",127.0.0.1:" + closed, "--timeout", "500");
        assertEquals(13, degraded.code(), "a quorum with a member not serving is degraded: " + degraded);
        assertTrue(degraded.out().contains("degraded: 1 of 2 members not serving"), degraded.toString());
    }
}
