package io.hakeeper.quorum;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/** {@code hakeeper quorum status}: asks every server of a connect string for {@code srvr} and tabulates the answers. */
public final class StatusProbe {
    private final SSLContext tls;
    private final Duration timeout;

    public StatusProbe(SSLContext tls, Duration timeout) {
        this.tls = tls;
        this.timeout = timeout;
    }

    public List<ServerStatus> probe(String connectString) {
        String hosts = connectString.contains("/") ? connectString.substring(0, connectString.indexOf('/')) : connectString;
        List<ServerStatus> rows = new ArrayList<>();
        for (String hp : hosts.split(",")) {
            int colon = hp.lastIndexOf(':');
            String host = colon < 0 ? hp : hp.substring(0, colon);
            int port = colon < 0 ? 2181 : Integer.parseInt(hp.substring(colon + 1));
            rows.add(probe(host, port));
        }
        return rows;
    }

    public ServerStatus probe(String host, int port) {
        String address = host + ":" + port;
        try {
            return ServerStatus.parse(address, FourLetterWord.send(host, port, "srvr", tls, timeout));
        } catch (IOException e) {
            return ServerStatus.down(address, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A quorum is there when some server leads (or runs standalone). */
    public static boolean hasQuorum(List<ServerStatus> rows) {
        return rows.stream().anyMatch(ServerStatus::leads);
    }

    public static String table(List<ServerStatus> rows) {
        StringBuilder sb = new StringBuilder(String.format("%-22s %-11s %-14s %5s %5s %-16s %7s%n",
                "SERVER", "MODE", "ZXID", "CONNS", "OUTST", "LAT MIN/AVG/MAX", "ZNODES"));
        for (ServerStatus r : rows) {
            sb.append(String.format("%-22s %-11s %-14s %5d %5d %-16s %7d%s%n", r.address(), r.mode(), r.zxid(),
                    r.connections(), r.outstanding(), r.latency(), r.nodeCount(),
                    r.error() == null ? "" : "  (" + r.error() + ")"));
        }
        return sb.toString();
    }
}
