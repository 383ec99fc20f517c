package io.hakeeper.core.error;

/**
 * The one exit-code table of the {@code hakeeper} command. Every failure maps to exactly one row, so scripts
 * can branch on the code without parsing messages. The table is printed by {@code hakeeper --help}.
 */
public enum ExitCode {
    OK(0, "success"),
    FAILURE(1, "unexpected internal error (rerun with -v for the stack trace)"),
    USAGE(2, "wrong command-line usage (unknown option, missing argument, a malformed or out-of-range value)"),
    CONFIG(3, "invalid or unreadable configuration (zoo.cfg, site XML, JAAS, ACL spec; a port in use)"),
    UNREACHABLE(4, "ZooKeeper (or a master, or a controller) unreachable, or no quorum, before the deadline"),
    AUTH(5, "authentication failed or an ACL denied the operation"),
    BAD_DATA(6, "znode data corrupt, foreign, of unknown version, or too large"),
    NOT_FOUND(7, "the named znode or member does not exist"),
    CONFLICT(8, "owned by another live session, or changed concurrently"),
    FENCED(9, "lost leadership or fenced: must not act as active"),
    UNSUPPORTED(10, "this machine cannot do it (the chaos lab needs root, network namespaces and iptables)"),
    VIOLATION(11, "a check failed: the chaos lab found a safety violation or a missed bound"),
    UNHEALTHY(12, "checked and down: no active, an unhealthy master, no active HBase master, offline partitions"),
    DEGRADED(13, "checked and degraded: it works with less margin (a member, a standby or a controller's answer"
            + " missing, partitions under-replicated)"),
    REFUSED(14, "refused: valid, but not safe or not allowed now (failover to an unhealthy node, a manual"
            + " transition while automatic failover runs)"),
    INTERRUPTED(130, "interrupted (Ctrl-C or SIGTERM)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The table as it appears at the foot of {@code hakeeper --help}. */
    public static String table() {
        StringBuilder sb = new StringBuilder();
        for (ExitCode c : values()) {
            sb.append(String.format("  %3d  %-11s %s%n", c.code, c.name(), c.meaning));
        }
        return sb.toString();
    }
}
