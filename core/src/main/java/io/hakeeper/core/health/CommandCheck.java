package io.hakeeper.core.health;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Healthy when {@code bash -c command} exits 0 within the timeout; a hung command is killed and counts as not responding. */
public record CommandCheck(String command) implements HealthCheck {
    @Override
    public Result check(Duration timeout) {
        try {
            Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return Result.notResponding("'" + command + "' did not finish within " + timeout.toMillis() + " ms");
            }
            if (p.exitValue() == 0) {
                return Result.healthy();
            }
            String out = new String(p.getInputStream().readNBytes(300), StandardCharsets.UTF_8).trim().replace('\n', ' ');
            return Result.unhealthy("'" + command + "' exited " + p.exitValue() + (out.isEmpty() ? "" : ": " + out));
        } catch (Exception e) {
            return Result.notResponding("cannot run '" + command + "' (" + e.getMessage() + ")");
        } 
    }

    @Override
    public String describe() {
        return "command " + command;
    }
}
