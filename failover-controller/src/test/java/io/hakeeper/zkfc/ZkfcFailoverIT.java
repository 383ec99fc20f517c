package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.testkit.SplitBrainChecker;
import io.hakeeper.zkfc.sample.SampleMaster;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failover between two controllers on an in-JVM ZooKeeper (see {@link ControllerPairBase}). */
class ZkfcFailoverIT extends ControllerPairBase {
    @Test
    void killNineOfTheActiveMasterFailsOverToTheOther() throws Exception {
        String first = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = first.equals("nn1") ? "nn2" : "nn1";
        Thread.sleep(300); // let the active write a while

        long killed = System.nanoTime();
        masters.get(first).kill9();
        Await.until(() -> "active".equals(state(other)), Duration.ofSeconds(30), other + " to become active");
        long ms = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("failover after kill -9 of " + first + "'s master: " + ms + " ms");
        Thread.sleep(300);
        assertTrue(checker.writes() > 0, "the masters wrote, so the checker had something to judge");
        assertTrue(checker.records().stream().anyMatch(r -> r.contains(" ACQUIRE " + other + " ")),
                "the ledger shows the new active");
    }

    @Test
    void anUnhealthyMasterIsFencedAndTheOtherTakesOver() throws Exception {
        String first = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = first.equals("nn1") ? "nn2" : "nn1";
        post(first, "/admin/unhealthy");
        Await.until(() -> "active".equals(state(other)), Duration.ofSeconds(30), other + " to become active");
        Await.until(() -> "standby".equals(state(first)), Duration.ofSeconds(10),
                "the unhealthy master to be fenced to standby");
        assertTrue(Files.readString(dir.resolve("zkfc-" + other + ".log")).contains("fencing the previous active"),
                "the new active fenced the old one");
    }

    @Test
    void refusesToStartWithoutAFormattedZnodeOrAFencingMethod() throws Exception {
        Path other = dir.resolve("other.properties");
        String base = Files.readString(config);
        Files.writeString(other, base.replace("dfs.nameservices=demo", "dfs.nameservices=demo,unformatted")
                .replace("dfs.ha.namenodes.demo=", "dfs.ha.namenodes.unformatted=nn1,nn2\ndfs.ha.namenodes.demo=")
                .replace("dfs.ha.fencing.methods=", "dfs.namenode.rpc-address.unformatted.nn1=127.0.0.1:1\n"
                        + "dfs.namenode.rpc-address.unformatted.nn2=127.0.0.1:2\n"
                        + "hakeeper.target.unformatted=http://127.0.0.1:1/ha\ndfs.ha.fencing.methods="));
        assertEquals(7, ZkfcMain.run(new String[] {"--config", other.toString(), "--nameservice", "unformatted",
                "--node", "nn1"}), "an unformatted election znode");
        Path noFence = dir.resolve("nofence.properties");
        Files.writeString(noFence, base.replace("dfs.ha.fencing.methods=shell(true)", ""));
        assertEquals(3, ZkfcMain.run(new String[] {"--config", noFence.toString(), "--node", "nn1"}), "no fencing method");
        assertEquals(3, ZkfcMain.run(new String[] {"--config", config.toString(), "--node", "nn9"}), "unknown node");
        assertEquals(8, ZkfcMain.run(new String[] {"--config", config.toString(), "--node", "nn1", "-formatZK",
                "-nonInteractive"}), "formatting an existing election needs -force");
        assertEquals(2, ZkfcMain.run(new String[] {"--bogus"}));
    }


    @Test
    void adminEndpointsAndHaadminTellTheTruth() throws Exception {
        String active = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = active.equals("nn1") ? "nn2" : "nn1";
        Await.until(() -> adminAnswers(active, "/active", 200), Duration.ofSeconds(10), "the active's controller to say so");
        // the other controller's admin server may still be starting (a busy CI box): it must come up saying 503
        Await.until(() -> adminAnswers(other, "/active", 503), Duration.ofSeconds(10), "the standby's controller to say it is not active");
        assertEquals(503, admin(other, "/active").statusCode(), "only the active's controller answers 200 on /active");
        String status = admin(active, "/status").body();
        assertTrue(status.contains("\"masterActive\":true") && status.contains("\"election\":\"ACTIVE\""), status);
        // its first health check may not have answered yet (INITIALIZING is 503): healthy once it has
        Await.until(() -> adminAnswers(other, "/health", 200), Duration.ofSeconds(10), "the standby's controller to say its master is healthy");
        String metrics = admin(active, "/metrics").body();
        assertTrue(metrics.contains("hakeeper_zkfc_active 1.0"), metrics);
        assertTrue(metrics.contains("hakeeper_zkfc_transitions_total{to=\"active\"} 1.0"), metrics);

        ZkfcSettings settings = ZkfcSettings.from(io.hakeeper.core.config.ConfigFiles.read(List.of(config)), null, null);
        java.io.StringWriter out = new java.io.StringWriter();
        HaAdmin haadmin = new HaAdmin(settings, new java.io.PrintWriter(out, true), Duration.ofSeconds(5));
        assertEquals(0, haadmin.getServiceState(active));
        assertEquals(0, haadmin.getAllServiceState());
        assertEquals(0, haadmin.checkHealth(other));
        post(other, "/admin/unhealthy");
        assertEquals(io.hakeeper.core.error.ExitCode.UNHEALTHY.code(), haadmin.checkHealth(other),
                "-checkHealth exits 12 (checked and down) for an unhealthy master, not 1 (a bug)");
        io.hakeeper.core.error.HakeeperException manual = assertThrows(io.hakeeper.core.error.HakeeperException.class,
                () -> haadmin.transition(other, true, false));
        assertTrue(manual.getMessage().startsWith("automatic failover is enabled for demo"), manual.getMessage());
        assertEquals(io.hakeeper.core.error.ExitCode.REFUSED, manual.exitCode());
        io.hakeeper.core.error.HakeeperException twoActives = assertThrows(io.hakeeper.core.error.HakeeperException.class,
                () -> haadmin.transition(other, true, true));
        assertTrue(twoActives.getMessage().startsWith(active + " is active"), twoActives.getMessage());
        assertEquals(io.hakeeper.core.error.ExitCode.REFUSED, twoActives.exitCode());
        assertEquals("active", state(active), "refused transitions change nothing");
        String printed = out.toString();
        assertTrue(printed.startsWith("active\n"), printed);
        assertTrue(printed.contains("127.0.0.1:" + masterPorts.get(other)) && printed.contains(other + " is not healthy"),
                printed);
        Await.until(() -> adminAnswers(other, "/health", 503), Duration.ofSeconds(10), "the unhealthy master's controller to report 503 on /health");
    }

    @Test
    void gracefulFailoverBothWaysFencesNobodyAndIsRefusedTowardAnUnhealthyNode() throws Exception {
        String first = awaitExactlyOneActive(Duration.ofSeconds(60));
        String second = first.equals("nn1") ? "nn2" : "nn1";
        Await.until(() -> adminAnswers(first, "/active", 200) && adminAnswers(second, "/health", 200), Duration.ofSeconds(10), "both controllers settled");
        ZkfcSettings settings = ZkfcSettings.from(io.hakeeper.core.config.ConfigFiles.read(List.of(config)), null, null);
        java.io.StringWriter out = new java.io.StringWriter();
        HaAdmin haadmin = new HaAdmin(settings, new java.io.PrintWriter(out, true), Duration.ofSeconds(10));

        assertEquals(0, haadmin.failover(first, second), out.toString());
        assertEquals("active", state(second));
        assertEquals("standby", state(first));
        Thread.sleep(200);
        assertEquals(0, haadmin.failover(second, first), out.toString());
        assertEquals("active", state(first));
        assertEquals("standby", state(second));
        for (String nn : masterPorts.keySet()) {
            assertFalse(Files.readString(dir.resolve("zkfc-" + nn + ".log")).contains("fencing the previous active"),
                    "a graceful failover fences nobody (" + nn + ")");
        }

        Await.until(() -> adminAnswers(second, "/health", 200), Duration.ofSeconds(10), second + " back in the election");
        post(second, "/admin/unhealthy");
        Await.until(() -> adminAnswers(second, "/health", 503), Duration.ofSeconds(10), second + "'s controller to see it unhealthy");
        assertNotEquals(0, haadmin.failover(first, second));
        assertTrue(out.toString().contains("refusing to fail over to " + second), out.toString());
        assertEquals("active", state(first), "a refused failover changes nothing");
    }

    @Test
    void pausedControllersMakeNoTransitionUntilResumed() throws Exception {
        String active = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = active.equals("nn1") ? "nn2" : "nn1";
        ZkfcSettings settings = ZkfcSettings.from(io.hakeeper.core.config.ConfigFiles.read(List.of(config)), null, null);
        java.io.StringWriter out = new java.io.StringWriter();
        HaAdmin haadmin = new HaAdmin(settings, new java.io.PrintWriter(out, true), Duration.ofSeconds(10));
        assertEquals(0, haadmin.pause(true));
        Await.until(() -> {
            try {
                return admin(other, "/status").body().contains("\"paused\":true");
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(10), "the controllers to see the pause");

        masters.get(active).kill9(); // maintenance: the active master is restarted by an operator
        Thread.sleep(3000);
        assertEquals("standby", state(other), "paused: no failover");

        assertEquals(0, haadmin.pause(false));
        Await.until(() -> "active".equals(state(other)), Duration.ofSeconds(30), other + " to take over once resumed");
        assertTrue(out.toString().contains("demo paused") && out.toString().contains("demo resumed"), out.toString());
    }
}
