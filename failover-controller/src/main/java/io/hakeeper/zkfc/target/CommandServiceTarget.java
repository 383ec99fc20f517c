package io.hakeeper.zkfc.target;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (epoch != null) {
            pb.environment().put("HAKEEPER_EPOCH", epoch);
        }
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IOException("'" + command + "' did not finish within " + timeout.toMillis() + " ms");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("'" + command + "' exited " + p.exitValue() + ": " + out.trim());
        }
        return out;
    }

    @Override
    public String describe() {
        return "commands";
    }
}
