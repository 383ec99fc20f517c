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

}
