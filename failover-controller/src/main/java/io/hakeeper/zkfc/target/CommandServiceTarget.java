package io.hakeeper.zkfc.target;

import io.hakeeper.core.process.CommandRunner;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A master driven by commands ({@code bash -c}): the state command prints active or standby; the transition
 * commands exit 0 on success. {@code HAKEEPER_EPOCH} holds the fencing token for the activation command.
 */
public record CommandServiceTarget(String stateCommand, String activeCommand, String standbyCommand)
        implements ServiceTarget {

    @Override
    public State state(Duration timeout) throws Exception {
        String out = run(stateCommand, null, timeout).trim().toUpperCase(Locale.ROOT);
        return State.valueOf(out);
    }

    @Override
    public void transitionToActive(long epoch, Duration timeout) throws Exception {
        run(activeCommand, Long.toString(epoch), timeout);
    }

    @Override
    public void transitionToStandby(Duration timeout) throws Exception {
        run(standbyCommand, null, timeout);
    }

    private static String run(String command, String epoch, Duration timeout) throws Exception {
        CommandRunner.Result r = CommandRunner.bash(command, epoch == null ? Map.of() : Map.of("HAKEEPER_EPOCH", epoch),
                timeout);
        if (r.timedOut()) {
            throw new IOException("'" + command + "' did not finish within " + timeout.toMillis() + " ms");
        }
        if (r.exitCode() != 0) {
            throw new IOException("'" + command + "' exited " + r.exitCode() + ": " + r.output().trim());
        }
        return r.output();
    }

    @Override
    public String describe() {
        return "commands";
    }
}
