package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.chaos.Lab;
import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab itself: sealed (no route out, and the check finds one when there is), and gone when it ends, also when the
 * campaign is interrupted. Needs root and network namespaces: on a machine without them these tests fail, they do not
 * skip (CI runs as root).
 */
class ChaosLabIT {
    @TempDir
    Path dir;

    @Test
    void theLabHasNoRouteOutAndTheCheckFindsOneWhenThereIs() {
        assertNull(Lab.unavailableReason(), "the chaos lab needs root and network namespaces here");
        Lab lab = new Lab("t" + Long.toString(ProcessHandle.current().pid(), 36), List.of("a", "b"));
        try (lab) {
            lab.create();
            assertEquals(List.of(), lab.routeOutProblems());
            // a host that can reach b is fine; one with a default route is a way out, and must be reported
            lab.exec("a", List.of("ip", "route", "add", "default", "via", lab.host("b").address()));
            List<String> problems = lab.routeOutProblems();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).startsWith("a has a route beyond the lab: default"), problems.get(0));
        }
        String prefix = "hkt" + Long.toString(ProcessHandle.current().pid(), 36) + "-";
        assertTrue(Lab.leftovers().stream().noneMatch(ns -> ns.startsWith(prefix)), "namespaces removed: " + Lab.leftovers());
    }

    /** Ctrl-C in the middle of a campaign: every process it started stops and every namespace goes. */
    @Test
    void anInterruptedCampaignLeavesNothingBehind() throws Exception {
        Path log = dir.resolve("chaos.log");
        JavaProcess chaos = JavaProcess.of("chaos", Main.class.getName(), List.of("-Xmx256m"),
                List.of("chaos", "run", "--faults", "50", "--seed", "11", "--dir", dir.resolve("run").toString()), log);
        chaos.start();
        try {
            Await.until(() -> read(log).contains("fault 1/50"), Duration.ofSeconds(180), "the campaign's first fault");
            String tag = "hk" + Long.toString(chaos.pid(), 36) + "-";
            assertTrue(Lab.leftovers().stream().anyMatch(ns -> ns.startsWith(tag)), "the lab is up: " + Lab.leftovers());
            List<ProcessHandle> children = ProcessHandle.of(chaos.pid()).orElseThrow().descendants().toList();
            assertTrue(children.size() >= 7, "3 ZooKeeper members, 2 masters, 2 controllers: " + children.size());
            new ProcessBuilder("kill", "-INT", Long.toString(chaos.pid())).start().waitFor(5, TimeUnit.SECONDS);
            if (!chaos.waitForExit(Duration.ofSeconds(60))) {
                // what it was doing, for the failure message: its threads and the end of its log
                Path dump = dir.resolve("jstack.txt");
                new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstack").toString(), Long.toString(chaos.pid()))
                        .redirectErrorStream(true).redirectOutput(dump.toFile()).start().waitFor(20, TimeUnit.SECONDS);
                List<String> tail = read(log).lines().toList();
                fail("the campaign did not stop within 60 s of SIGINT; its log ends: "
                        + String.join("\n", tail.subList(Math.max(0, tail.size() - 30), tail.size())) + "\nthreads:\n" + read(dump));
            }
            for (ProcessHandle p : children) {
                p.onExit().get(15, TimeUnit.SECONDS);
                assertFalse(p.isAlive(), "pid " + p.pid() + " stopped");
            }
            assertTrue(Lab.leftovers().stream().noneMatch(ns -> ns.startsWith(tag)), "namespaces removed: " + Lab.leftovers());
        } finally {
            chaos.close();
        }
    }

    @Test
    void badInputIsOneLineWithTheFixAndExitTwo() {
        for (List<String> args : List.of(List.of("--faults", "0"), List.of("--systems", "zkfc,kafka"), List.of("--unsafe", "nolease"),
                List.of("--session-ms", "500"), List.of("--streams", "4"), List.of("--ensemble", "4"))) {
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            List<String> all = new java.util.ArrayList<>(List.of("chaos", "run", "--dir", dir.resolve("x").toString()));
            all.addAll(args);
            int code = Main.run(all.toArray(String[]::new), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()),
                    new java.io.PrintStream(err));
            String text = err.toString().strip();
            assertEquals(2, code, args + ": " + text);
            assertEquals(1, text.lines().count(), args + ": " + text);
            assertTrue(text.startsWith("error: " + args.get(0)), args + ": " + text);
            assertFalse(Files.exists(dir.resolve("x")), "nothing written for bad input");
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
