package io.hakeeper.rm;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.rm.demo.DemoRm;
import io.hakeeper.testkit.SplitBrainChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two demo ResourceManagers as real processes on a real ZooKeeper. Each acknowledged write goes into the epoch
 * ledger; after every test the store must hold exactly the acknowledged applications, and the ledger no split brain.
 */
class RmFailoverIT {
    @TempDir
    Path dir;
    TestingServer zk;
    SplitBrainChecker checker;
    final Map<String, JavaProcess> rms = new LinkedHashMap<>();
    /** Stored but never acknowledged: only a write in flight when its RM was killed or frozen can leave one. */
    int unacknowledgedAllowed;

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        checker = SplitBrainChecker.atFile(dir.resolve("ledger"));
    }

    @AfterEach
    void stop() throws Exception {
        rms.values().forEach(JavaProcess::close);
        try {
            assertStoreHoldsExactlyTheAcknowledgedApplications();
        } finally {
            zk.close();
        }
        checker.assertNoSplitBrain();
    }

    JavaProcess rm(String id, boolean zombie) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--connect", zk.getConnectString(), "--cluster", "c1", "--id", id,
                "--session-ms", "4000", "--tick-ms", "50", "--ledger", dir.resolve("ledger").toString()));
        if (zombie) {
            args.add("--zombie");
        }
        JavaProcess p = JavaProcess.of(id, DemoRm.class.getName(), List.of("-Xmx96m"), args, dir.resolve(id + ".log"));
        rms.put(id, p);
        return p.start();
    }

    String log(String id) {
        Path f = dir.resolve(id + ".log");
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    boolean active(String id) {
        String log = log(id);
        return log.lastIndexOf(id + " is active") > Math.max(log.lastIndexOf(id + " is standby"), -1);
    }

    @Test
    void killNineOfTheActiveRecoversEveryApplicationOnTheOther() throws Exception {
        rm("rm1", false);
        Await.until(() -> active("rm1"), Duration.ofSeconds(30), "rm1 active");
        rm("rm2", false);
        Await.until(() -> log("rm2").contains("started as standby"), Duration.ofSeconds(30), "rm2 up");
        Await.until(() -> checker.writes() >= 20, Duration.ofSeconds(30), "rm1 stored applications");

        unacknowledgedAllowed = 1;
        rms.get("rm1").kill9();
        long acknowledged = checker.writes();
        Await.until(() -> active("rm2"), Duration.ofSeconds(30), "rm2 active");
        String line = log("rm2").lines().filter(l -> l.startsWith("rm2 is active")).findFirst().orElseThrow();
        assertTrue(line.contains("store epoch 1"), "the store epoch went up: " + line);
        int recovered = Integer.parseInt(line.replaceAll(".*recovered (\\d+) applications.*", "$1"));
        assertTrue(recovered == acknowledged || recovered == acknowledged + 1, // +1: killed between store and ledger
                "every acknowledged application (" + acknowledged + ") was recovered: " + line);
        Await.until(() -> checker.writes() > acknowledged + 5, Duration.ofSeconds(30), "rm2 keeps storing");
    }

    @Test
    void aDeposedActiveThatKeepsWritingLandsNothing() throws Exception {
        JavaProcess rm1 = rm("rm1", true);
        Await.until(() -> active("rm1"), Duration.ofSeconds(30), "rm1 active");
        rm("rm2", false);
        Await.until(() -> log("rm2").contains("started as standby"), Duration.ofSeconds(30), "rm2 up");
        Await.until(() -> checker.writes() >= 10, Duration.ofSeconds(30), "rm1 stored applications");

        // a write in flight at the freeze may land without its reply reaching rm1 (an ambiguous outcome, decided
        // before the session expired and so before rm2 could win): at most that one goes unacknowledged
        unacknowledgedAllowed = 1;
        rm1.suspend(); // past the 4 s session: rm2 wins meanwhile
        try {
            Await.until(() -> active("rm2"), Duration.ofSeconds(30), "rm2 active while rm1 is frozen");
        } catch (java.util.concurrent.TimeoutException e) {
            // seen once under a loaded machine, never alone: keep what the two RMs said, to find out why
            System.out.println("rm2's log:\n" + log("rm2") + "\nrm1's log:\n" + log("rm1"));
            throw e;
        }
        rm1.resume();
        Await.until(() -> log("rm1").contains("refused"), Duration.ofSeconds(30), "the zombie tried to write");
        Thread.sleep(1500); // the zombie keeps trying, every 50 ms
        long refused = log("rm1").lines().filter(l -> l.contains("refused")).count();
        assertTrue(refused >= 5, "rm1 kept trying after it lost: " + refused + " refused writes");
        assertTrue(log("rm1").contains("is standby"), "rm1 was told it lost");
        // and none of its tries landed: checked with every test, below (the store holds exactly what was acknowledged)
    }

    /** The store holds exactly the applications some RM was told had been stored: nothing lost, nothing extra. */
    private void assertStoreHoldsExactlyTheAcknowledgedApplications() throws Exception {
        Set<String> acknowledged = checker.records().stream().filter(r -> r.contains(" WRITE "))
                .map(r -> r.split(" ")[4]).collect(Collectors.toCollection(TreeSet::new));
        try (CuratorFramework client = ZkSettings.builder(zk.getConnectString()).build().connect()) {
            RmState state = new RmStateStore(client, StoreSettings.defaults(), RmStateStore.unfenced(client))
                    .loadState(Duration.ofSeconds(30));
            Set<String> stored = new TreeSet<>(state.applications().keySet());
            stored.removeAll(acknowledged);
            assertTrue(stored.size() <= unacknowledgedAllowed, "applications nobody acknowledged: " + stored);
            for (String app : stored) { // and it must be the one that was in flight: right after its RM's last acknowledged
                String rm = app.substring(0, app.lastIndexOf('_'));
                int last = acknowledged.stream().filter(a -> a.startsWith(rm + "_"))
                        .mapToInt(a -> Integer.parseInt(a.substring(a.lastIndexOf('_') + 1))).max().orElse(0);
                assertEquals(last + 1, Integer.parseInt(app.substring(app.lastIndexOf('_') + 1)),
                        app + " is not the write that was in flight when its RM stopped");
            }
            Set<String> missing = new TreeSet<>(acknowledged);
            missing.removeAll(state.applications().keySet());
            assertEquals(Set.of(), missing, "acknowledged applications lost");
        }
    }
}
