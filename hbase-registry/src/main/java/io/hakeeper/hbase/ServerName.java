package io.hakeeper.hbase;

import io.hakeeper.core.error.HakeeperException;
import java.util.Locale;

/**
 * HBase's ServerName: {@code <hostname lowercased>,<port>,<startcode>}, the name of a RegionServer's or master's
 * znode ({@code ServerName.toString()}). The start code tells one run of a server from the next.
 */
public record ServerName(String host, int port, long startCode) implements Comparable<ServerName> {
    public ServerName {
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty() || host.contains(",") || host.contains("/")) {
            throw new IllegalArgumentException("not a host name: '" + host + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("not a port: " + port);
        }
    }

    /** Parses {@code host,port,startcode} (as HBase's {@code ServerName.parseServerName}; {@code host:port} means start code -1). */
    public static ServerName parse(String s) {
        try {
            String[] f = s.split(",");
            if (f.length == 3) {
                return new ServerName(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]));
            }
            int colon = s.lastIndexOf(':');
            if (f.length == 1 && colon > 0) {
                return new ServerName(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)), -1);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw HakeeperException.config("'" + s + "' is not a server name: give host,port,startcode"
                + " (e.g. rs1.example.com,16020,1700000000000)");
    }

    /**
     * An agent's own name: {@code host,port,startcode}, or {@code host,port} for a start code of {@code now} (epoch
     * milliseconds), which is what HBase gives a server, its start time: a name of its own for each run, never one a
     * real server already holds, and no start code to hard-code in a unit file.
     */
    public static ServerName forAgent(String s, long now) {
        String[] f = s.split(",", -1);
        int colon = s.lastIndexOf(':');
        if (f.length == 1 && colon > 0) { // host:port, as the rs-guard also takes it
            f = new String[] {s.substring(0, colon), s.substring(colon + 1)};
        }
        if (f.length == 2) {
            try {
                return new ServerName(f[0], Integer.parseInt(f[1]), now);
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        if (f.length == 3 && !f[2].isEmpty()) {
            return parse(s);
        }
        throw HakeeperException.config("'" + s + "' is not a server name: give host,port[,startcode]"
                + " (e.g. rs1.example.com,16020)");
    }

    /** Same host and port, whatever the start code: HBase's {@code isSameAddress} (a restart of the same server). */
    public boolean sameAddress(ServerName other) {
        return host.equals(other.host) && port == other.port;
    }

    @Override
    public String toString() {
        return host + "," + port + "," + startCode;
    }

    @Override
    public int compareTo(ServerName o) {
        return toString().compareTo(o.toString());
    }
}
