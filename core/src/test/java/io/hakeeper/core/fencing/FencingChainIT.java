package io.hakeeper.core.fencing;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.Await;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fencing chain with real processes: order, fall-through, Hadoop's environment, timeouts. */
class FencingChainIT {
    static final FenceTarget NN1 = new FenceTarget("127.0.0.1", 8020, "mycluster", "nn1");
    static final Map<String, String> CONF = Map.of("dfs.ha.namenodes.mycluster", "nn1,nn2", "ha.zookeeper.quorum", "zk1:2181");

    @TempDir
    Path dir;

    @Test
    void aFailingMethodFallsThroughToTheNext() {
        FencingChain chain = FencingChain.parse("# try the gentle way first\nshell(exit 1)\n\n  shell(true)  # then this\n",
                CONF, Duration.ofSeconds(10));
        FencingChain.Outcome outcome = chain.fence(NN1);
        assertTrue(outcome.fenced());
        assertEquals("shell(true)", outcome.method());
        assertEquals(2, outcome.attempts().size(), outcome.attempts().toString());
        assertTrue(outcome.attempts().get(0).startsWith("shell(exit 1): did not fence"));
    }

    @Test
    void whenEveryMethodFailsNothingIsFenced() {
        FencingChain.Outcome outcome = FencingChain.parse("shell(false)\nshell(exit 3)", CONF, Duration.ofSeconds(10)).fence(NN1);
        assertFalse(outcome.fenced());
        assertNull(outcome.method());
        assertEquals(2, outcome.attempts().size());
    }

    @Test
    void theShellFencerGetsHadoopsEnvironment() throws Exception {
        Path out = dir.resolve("env");
        String cmd = "echo \"$target_host|$target_port|$target_address|$target_nameserviceid|$target_namenodeid|"
                + "$dfs_ha_namenodes_mycluster|$ha_zookeeper_quorum\" > " + out;
        assertTrue(FencingChain.parse("shell(" + cmd + ")", CONF, Duration.ofSeconds(10)).fence(NN1).fenced());
        assertEquals("127.0.0.1|8020|127.0.0.1:8020|mycluster|nn1|nn1,nn2|zk1:2181", Files.readString(out).trim());
    }

    @Test
    void aHangingFencerIsKilledAtItsTimeout() throws Exception {
        Path pid = dir.resolve("pid");
        FencingChain chain = FencingChain.parse("shell(sleep 60 & echo $! > " + pid + "; wait)\nshell(true)", CONF,
                Duration.ofMillis(700));
        long start = System.nanoTime();
        FencingChain.Outcome outcome = chain.fence(NN1);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(outcome.fenced(), "fell through to the next method");
        assertTrue(outcome.attempts().get(0).contains("did not finish within 700 ms"), outcome.attempts().toString());
        assertTrue(ms < 10_000, "bounded by the timeout, took " + ms + " ms");
        long sleeper = Long.parseLong(Files.readString(pid).trim());
        Await.until(() -> ProcessHandle.of(sleeper).map(h -> !h.isAlive()).orElse(true), Duration.ofSeconds(5),
                "the hung command's child to be killed");
    }

    @Test
    void sshfenceToAnUnreachableHostFailsWithinItsTimeout() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        // port `closed` has no sshd: ssh fails (or is missing); either way nothing is fenced
        FencingChain.Outcome outcome = FencingChain.parse("sshfence(nobody:" + closed + ")", CONF, Duration.ofSeconds(5))
                .fence(NN1);
        assertFalse(outcome.fenced(), outcome.attempts().toString());
    }

    @Test
    void sshfenceArgumentsFollowHadoop() {
        SshFencer plain = new SshFencer(null, Map.of());
        assertEquals(System.getProperty("user.name"), plain.user());
        assertEquals(22, plain.sshPort());
        SshFencer both = new SshFencer("hdfs:2222", Map.of());
        assertEquals("hdfs", both.user());
        assertEquals(2222, both.sshPort());
        assertEquals(2200, new SshFencer(":2200", Map.of()).sshPort());
    }

    @Test
    void malformedSpecsAreOneLineConfigErrors() {
        for (String bad : new String[] {"shell", "shell()", "sshfence(user:port)", "powerfence(x)", "shell(a))x", "!!"}) {
            HakeeperException e = assertThrows(HakeeperException.class, () -> FencingChain.parse(bad, CONF, Duration.ofSeconds(1)),
                    bad);
            assertEquals(ExitCode.CONFIG, e.exitCode(), bad);
            assertTrue(e.getMessage().startsWith("dfs.ha.fencing.methods line 1"), e.getMessage());
        }
        assertTrue(FencingChain.parse("# nothing but a comment\n", CONF, Duration.ofSeconds(1)).isEmpty());
    }
}
