package io.hakeeper.hbase;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Asks every voting member named in a connect string for {@code srvr} (the one four-letter word ZooKeeper allows by
 * default), in parallel, each within {@code timeout}, and says whether a majority answered and none of them serves
 * (all electing). That proves no leader existed when the probe was sent: a leader needs a majority, which would share
 * a member with the one that answered. A leader elected later gives every session a whole timeout from its election,
 * so no session can expire within a session timeout of the probe's send time. What the guard needs to tell a quorum
 * that is down for everyone (stopping RegionServers would only make it worse) from a host cut off from a working one.
 * Plain TCP only: against a TLS-only client port no member answers, and the guard falls back on silence alone.
 */
final class LeaderlessQuorumProbe {
    private final List<InetSocketAddress> members = new ArrayList<>();
    private final Duration timeout;

    /** @param connectString {@code host:port,...[/chroot]}, the voting members */
    LeaderlessQuorumProbe(String connectString, Duration timeout) {
        String hosts = connectString.contains("/") ? connectString.substring(0, connectString.indexOf('/')) : connectString;
        for (String hp : hosts.split(",")) {
            int colon = hp.lastIndexOf(':');
            String host = colon < 0 ? hp.trim() : hp.substring(0, colon).trim();
            int port = colon < 0 ? 2181 : Integer.parseInt(hp.substring(colon + 1).trim());
            members.add(InetSocketAddress.createUnresolved(host, port));
        }
        this.timeout = timeout;
    }

    /**
     * True when a majority of the voting members answered and none of them leads, follows or runs standalone. The
     * majority is of {@code voters} (the ensemble's own count, from {@code /zookeeper/config}) when that is more than
     * the connect string names: a connect string that lists some members, or one name in front of them all, must not
     * let a minority pass for a majority.
     */
    boolean leaderlessMajority(ExecutorService pool, int voters) {
        List<CompletableFuture<String>> answers = members.stream()
                .map(m -> CompletableFuture.supplyAsync(() -> srvr(m), pool)).toList();
        int answered = 0;
        for (CompletableFuture<String> a : answers) {
            String text = a.join();
            if (text == null) {
                continue;
            }
            if (text.contains("Mode: ")) {
                return false; // a member serves: a quorum may be working without us
            }
            if (text.contains("not currently serving")) {
                answered++;
            }
        }
        return answered > Math.max(voters, members.size()) / 2;
    }

    private String srvr(InetSocketAddress member) {
        int ms = (int) timeout.toMillis();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(member.getHostString(), member.getPort()), ms);
            s.setSoTimeout(ms);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1024];
            for (int n; (n = in.read(buf)) > 0 && out.size() < 8192; ) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (Exception e) {
            return null; // unreachable or silent: no evidence either way
        }
    }
}
