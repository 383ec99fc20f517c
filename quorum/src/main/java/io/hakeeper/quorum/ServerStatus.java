package io.hakeeper.quorum;

import java.util.HashMap;
import java.util.Map;

/**
 * One server's answer to {@code srvr}. {@code mode} is leader, follower, observer, standalone, or "no quorum" when
 * the server answers but is not serving (it has no leader), or "down" when it does not answer at all.
 */
public record ServerStatus(String address, String mode, String zxid, long connections, long outstanding,
                           String latency, long nodeCount, String error) {

    public static final String NO_QUORUM = "no quorum";
    public static final String DOWN = "down";

    public static ServerStatus parse(String address, String srvr) {
        if (srvr.contains("not currently serving requests")) {
            return new ServerStatus(address, NO_QUORUM, "-", 0, 0, "-", 0, null);
        }
        if (srvr.contains("is not executed because it is not in the whitelist")) {
            return down(address, "srvr is not in 4lw.commands.whitelist");
        }
        Map<String, String> f = new HashMap<>();
        for (String line : srvr.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        if (!f.containsKey("Mode")) {
            return down(address, "unexpected answer to srvr");
        }
        return new ServerStatus(address, f.get("Mode"), f.getOrDefault("Zxid", "-"), num(f.get("Connections")),
                num(f.get("Outstanding")), f.getOrDefault("Latency min/avg/max", "-"), num(f.get("Node count")), null);
    }

    public static ServerStatus down(String address, String error) {
        return new ServerStatus(address, DOWN, "-", 0, 0, "-", 0, error);
    }

    /** True for a server that can take writes now: a leader, or a standalone server. */
    public boolean leads() {
        return mode.equals("leader") || mode.equals("standalone");
    }

    public boolean serving() {
        return leads() || mode.equals("follower") || mode.equals("observer") || mode.equals("read-only");
    }

    private static long num(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
