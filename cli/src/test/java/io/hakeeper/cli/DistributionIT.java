package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as a user gets it: unpack, run {@code bin/hakeeper quorum dev} (real processes, the distribution's own
 * classpath), talk to it with {@code bin/hakeeper}, then SIGTERM it and check that every member process is gone.
 */
class DistributionIT {
    @TempDir
    Path dir;

    @Test
    void tarballRunsADevQuorumAndStopsEveryMember() throws Exception {
        Path tarball = Path.of(System.getProperty("hakeeper.dist"));
        assertTrue(Files.isRegularFile(tarball), "built by package: " + tarball);
        assertEquals(0, new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start().waitFor());
        Path home;
        try (var entries = Files.list(dir)) {
            home = entries.filter(p -> p.getFileName().toString().startsWith("hakeeper-")).findFirst().orElseThrow();
        }
        Path bin = home.resolve("bin/hakeeper");
        assertTrue(Files.isRegularFile(home.resolve("conf/zoo.cfg")));

        Process dev = new ProcessBuilder(bin.toString(), "quorum", "dev", "--size", "1", "--dir", dir.resolve("dev").toString())
                .redirectErrorStream(true).start();
        List<ProcessHandle> members = new ArrayList<>();
        try {
            String connect = awaitConnectString(dev);
            members.addAll(dev.descendants().toList());
            assertFalse(members.isEmpty(), "the member runs as its own process");

            Run status = run(bin, "quorum", "status", "--connect", connect);
            assertEquals(0, status.code, status.out);
            assertTrue(status.out.contains("standalone"), status.out);
            Run ls = run(bin, "zk", "ls", "/", "--connect", connect);
            assertEquals(0, ls.code, ls.out);
            assertTrue(ls.out.contains("zookeeper"), ls.out);
            Run version = run(bin, "--version");
            assertTrue(version.out.contains("Apache ZooKeeper 3.9.5"), version.out);

            dev.destroy(); // SIGTERM, as Ctrl-C or systemd would stop it
            assertTrue(dev.waitFor(30, TimeUnit.SECONDS), "dev command exits on SIGTERM");
            for (ProcessHandle m : members) {
                awaitExit(m);
            }
            assertFalse(Files.exists(dir.resolve("dev/connect-string")), "a stopped ensemble is no longer the default");
        } finally {
            dev.destroyForcibly();
            members.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void membersDoNotOutliveADevCommandKilledWithSigkill() throws Exception {
        Path tarball = Path.of(System.getProperty("hakeeper.dist"));
        assertEquals(0, new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start().waitFor());
        Path bin;
        try (var entries = Files.list(dir)) {
            bin = entries.filter(p -> p.getFileName().toString().startsWith("hakeeper-")).findFirst().orElseThrow()
                    .resolve("bin/hakeeper");
        }
        Process dev = new ProcessBuilder(bin.toString(), "quorum", "dev", "--size", "1", "--dir", dir.resolve("dev").toString())
                .redirectErrorStream(true).start();
        List<ProcessHandle> members = new ArrayList<>();
        try {
            awaitConnectString(dev);
            members.addAll(dev.descendants().toList());
            assertFalse(members.isEmpty());
            dev.destroyForcibly(); // SIGKILL: no shutdown hook runs in the dev command
            for (ProcessHandle m : members) {
                awaitExit(m);
            }
        } finally {
            dev.destroyForcibly();
            members.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void awaitExit(ProcessHandle member) {
        try {
            member.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            fail("member pid " + member.pid() + " still runs 15 s after its parent stopped");
        }
        assertFalse(member.isAlive());
    }

    private static String awaitConnectString(Process dev) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        CompletableFuture<String> connect = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    if (line.startsWith("connect string: ")) {
                        return line.substring("connect string: ".length()).trim();
                    }
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            return null;
        });
        String cs = connect.get(120, TimeUnit.SECONDS);
        assertNotNull(cs, "quorum dev printed no connect string:\n" + seen);
        // keep draining so the dev process never blocks on a full pipe
        CompletableFuture.runAsync(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return cs;
    }

    record Run(int code, String out) {
    }

    private static Run run(Path bin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(bin.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }
}
