package io.hakeeper.core.health;

import io.hakeeper.core.process.CommandRunner;
import java.time.Duration;
import java.util.Map;

/** Healthy when {@code bash -c command} exits 0 within the timeout; a hung command is killed and counts as not responding. */
public record CommandCheck(String command) implements HealthCheck {
    @Override
    public Result check(Duration timeout) {
        try {
            CommandRunner.Result r = CommandRunner.bash(command, Map.of(), timeout);
            if (r.timedOut()) {
                return Result.notResponding("'" + command + "' did not finish within " + timeout.toMillis() + " ms");
            }
            if (r.exitCode() == 0) {
                return Result.healthy();
            }
            String out = r.output().trim().replace('\n', ' ');
            out = out.length() > 300 ? out.substring(0, 300) : out;
            return Result.unhealthy("'" + command + "' exited " + r.exitCode() + (out.isEmpty() ? "" : ": " + out));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.notResponding("interrupted while running '" + command + "'");
        } catch (Exception e) {
            return Result.notResponding("cannot run '" + command + "' (" + e.getMessage() + ")");
        }
    }

    @Override
    public String describe() {
        return "command " + command;
    }
}
