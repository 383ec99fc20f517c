package io.hakeeper.core.fencing;

import io.hakeeper.core.process.CommandRunner;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hadoop's {@code shell(cmd)}: {@code bash -e -c cmd}, stdin closed, output logged, fenced iff it exits 0. The
 * environment holds every configuration key with dots as underscores, and {@code target_host}, {@code target_port},
 * {@code target_address}, {@code target_nameserviceid}, {@code target_namenodeid}. Unlike Hadoop's, it has a
 * timeout: a hanging command is killed, with what it started, and counts as a failure.
 */
public final class ShellFencer implements FenceMethod {
    private static final Logger LOG = LoggerFactory.getLogger(ShellFencer.class);

    private final String command;
    private final Map<String, String> configEnv;

    public ShellFencer(String command, Map<String, String> configuration) {
        this.command = command;
        this.configEnv = new LinkedHashMap<>();
        configuration.forEach((k, v) -> configEnv.put(k.replace('.', '_'), v));
    }

    @Override
    public boolean fence(FenceTarget target, Duration timeout) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(configEnv);
        target.parameters().forEach((k, v) -> env.put("target_" + k, v));
        CommandRunner.Result r = CommandRunner.run(List.of("bash", "-e", "-c", command), env, timeout);
        for (String line : r.output().split("\n")) {
            if (!line.isBlank()) {
                LOG.info("{}: {}", describe(), line);
            }
        }
        if (r.timedOut()) {
            throw new java.util.concurrent.TimeoutException(describe() + " did not finish within " + timeout.toMillis()
                    + " ms and was killed");
        }
        if (r.exitCode() != 0) {
            LOG.warn("{} exited with {}", describe(), r.exitCode());
        }
        return r.exitCode() == 0;
    }

    @Override
    public String describe() {
        return "shell(" + command + ")";
    }
}
