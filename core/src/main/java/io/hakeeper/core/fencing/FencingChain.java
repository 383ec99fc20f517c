package io.hakeeper.core.fencing;

import io.hakeeper.core.error.HakeeperException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fencing methods tried in order until one succeeds, parsed from Hadoop's {@code dfs.ha.fencing.methods}: one method
 * per line, {@code #} comments, each {@code name} or {@code name(argument)} with {@code shell} and {@code sshfence}
 * understood. Every method runs under the chain's timeout (Hadoop's shell fencer has none).
 */
public final class FencingChain {
    private static final Logger LOG = LoggerFactory.getLogger(FencingChain.class);
    /** Hadoop's NodeFencer pattern: a name, then optionally an argument in parentheses (no ')' inside it). */
    private static final Pattern METHOD = Pattern.compile("([a-zA-Z0-9.$]+)(?:\\((.+?)\\))?");

    /** What happened: fenced or not, by which method, and one line per attempt for logs and status. */
    public record Outcome(boolean fenced, String method, List<String> attempts) {
    }

    private final List<FenceMethod> methods;
    private final Duration timeout;

    public FencingChain(List<FenceMethod> methods, Duration timeout) {
        this.methods = List.copyOf(methods);
        this.timeout = timeout;
    }

    /**
     * Parses {@code dfs.ha.fencing.methods}.
     *
     * @param configuration every configuration key, for the shell fencer's environment and sshfence's key files
     * @throws HakeeperException (CONFIG) naming the line that does not parse
     */
    public static FencingChain parse(String spec, Map<String, String> configuration, Duration timeout) {
        List<FenceMethod> methods = new ArrayList<>();
        String[] lines = spec == null ? new String[0] : spec.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            Matcher m = METHOD.matcher(line);
            String fix = ": write one method per line, shell(command) or sshfence([[user][:port]])";
            if (!m.matches()) {
                throw HakeeperException.config("dfs.ha.fencing.methods line " + (i + 1) + " '" + line + "' is not a fencing"
                        + " method" + fix);
            }
            String name = m.group(1);
            String arg = m.group(2);
            switch (name) {
                case "shell", "org.apache.hadoop.ha.ShellCommandFencer" -> {
                    if (arg == null || arg.isBlank()) {
                        throw HakeeperException.config("dfs.ha.fencing.methods line " + (i + 1) + ": shell needs a command,"
                                + " as in shell(/path/to/fence.sh)");
                    }
                    methods.add(new ShellFencer(arg.trim(), configuration));
                }
                case "sshfence", "org.apache.hadoop.ha.SshFenceByTcpPort" -> {
                    try {
                        methods.add(new SshFencer(arg, configuration));
                    } catch (IllegalArgumentException e) {
                        throw HakeeperException.config("dfs.ha.fencing.methods line " + (i + 1) + ": " + e.getMessage());
                    }
                }
                default -> throw HakeeperException.config("dfs.ha.fencing.methods line " + (i + 1) + " names '" + name
                        + "', which hakeeper does not know" + fix);
            }
        }
        return new FencingChain(methods, timeout);
    }

    public boolean isEmpty() {
        return methods.isEmpty();
    }

    /** This chain with {@code first} (e.g. a graceful transition to standby) tried before the configured methods. */
    public FencingChain startingWith(FenceMethod first) {
        List<FenceMethod> all = new ArrayList<>();
        all.add(first);
        all.addAll(methods);
        return new FencingChain(all, timeout);
    }

    /** Tries each method in order; stops at the first that fences. */
    public Outcome fence(FenceTarget target) {
        List<String> attempts = new ArrayList<>();
        for (FenceMethod method : methods) {
            String result;
            try {
                if (method.fence(target, timeout)) {
                    attempts.add(method.describe() + ": fenced");
                    LOG.info("fenced {} with {}", target, method.describe());
                    return new Outcome(true, method.describe(), attempts);
                }
                result = "did not fence";
            } catch (Exception e) {
                result = "failed (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
            }
            attempts.add(method.describe() + ": " + result);
            LOG.warn("fencing {} with {}: {}; trying the next method", target, method.describe(), result);
        }
        LOG.error("could not fence {}: every method failed ({})", target, String.join("; ", attempts));
        return new Outcome(false, null, attempts);
    }
}
