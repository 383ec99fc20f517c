package io.hakeeper.quorum;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerStatusTest {
    @Test
    void parsesSrvr() {
        String srvr = "Zookeeper version: 3.9.5-abc, built on 2025-01-01\nLatency min/avg/max: 0/0.5/3\nReceived: 10\n"
                + "Sent: 9\nConnections: 2\nOutstanding: 1\nZxid: 0x100000004\nMode: follower\nNode count: 7\n";
        ServerStatus s = ServerStatus.parse("127.0.0.1:2181", srvr);
        assertEquals("follower", s.mode());
        assertEquals("0x100000004", s.zxid());
        assertEquals(2, s.connections());
        assertEquals(1, s.outstanding());
        assertEquals("0/0.5/3", s.latency());
        assertEquals(7, s.nodeCount());
        assertTrue(s.serving());
        assertFalse(s.leads());
    }

    @Test
    void noQuorumAndDownAreNotAQuorum() {
        ServerStatus noQuorum = ServerStatus.parse("a:1", "This ZooKeeper instance is not currently serving requests\n");
        assertEquals(ServerStatus.NO_QUORUM, noQuorum.mode());
        assertFalse(StatusProbe.hasQuorum(List.of(noQuorum, ServerStatus.down("b:2", "refused"))));
        assertTrue(StatusProbe.table(List.of(noQuorum)).contains("no quorum"));
    }

    @Test
    void defaultsAreHakeepers() {
        ZooCfg cfg = new MemberSpec(1, List.of(new ServerEntry(1, "h", 1, 2, false)), java.nio.file.Path.of("/d"), 2181,
                8080, 7000, null, null, null, false).toZooCfg();
        assertEquals("2000", cfg.get("tickTime"));
        assertEquals("true", cfg.get("audit.enable"));
        assertEquals("srvr,mntr,ruok,conf,isro", cfg.get("4lw.commands.whitelist"));
        assertEquals("1", cfg.get("autopurge.purgeInterval"));
        assertEquals(MemberSpec.METRICS_PROVIDER, cfg.get("metricsProvider.className"));
        assertFalse(cfg.has("server.1"), "one server runs standalone");
    }
}
