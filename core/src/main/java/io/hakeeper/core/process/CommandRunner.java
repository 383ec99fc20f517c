package io.hakeeper.core.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command with a deadline, stdin closed, stdout and stderr together. On timeout the command and
 * everything it started are killed. The one way fencers, health checks and command targets run commands.
 */
public final class CommandRunner {
    /** Exit code (-1 when it timed out) and output. */
    public record Result(int exitCode, String output, boolean timedOut) {
    }

    private CommandRunner() {
    }

    /** {@code bash -c command}. */
    public static Result bash(String command, Map<String, String> env, Duration timeout) throws IOException,
            InterruptedException {
        return run(List.of("bash", "-c", command), env, timeout);
    }

    public static Result run(List<String> command, Map<String, String> env, Duration timeout) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, output.getNow(""), true);
        }
        String out;
        try {
            out = output.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            out = ""; // a daemonised child keeps the pipe open; the exit code is what counts
        }
        return new Result(p.exitValue(), out, false);
    }
}
