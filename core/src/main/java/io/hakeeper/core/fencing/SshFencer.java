package io.hakeeper.core.fencing;

import io.hakeeper.core.process.CommandRunner;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hadoop's {@code sshfence([[user][:port]])}, through the system's ssh client: log in to the target and kill what
 * listens on the service port ({@code fuser -v -k -n tcp PORT}). Exit 0 is fenced; exit 1 (nothing killed) is
 * fenced only if the port no longer answers; anything else is a failure. Keys come from
 * {@code dfs.ha.fencing.ssh.private-key-files}; no host-key prompt (as Hadoop: StrictHostKeyChecking=no).
 */
public final class SshFencer implements FenceMethod {
    private static final Logger LOG = LoggerFactory.getLogger(SshFencer.class);

    private final String args;
    private final String user;
    private final int sshPort;
    private final List<String> keyFiles;

    public SshFencer(String args, Map<String, String> configuration) {
        this.args = args == null ? "" : args.trim();
        String u = System.getProperty("user.name");
        int p = 22;
        if (!this.args.isEmpty()) {
            int colon = this.args.indexOf(':');
            String userPart = colon < 0 ? this.args : this.args.substring(0, colon);
            if (!userPart.isEmpty()) {
                u = userPart;
            }
            if (colon >= 0) {
                try {
                    p = Integer.parseInt(this.args.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("sshfence(" + args + "): the port after ':' must be a number");
                }
            }
        }
        this.user = u;
        this.sshPort = p;
        String keys = configuration.getOrDefault("dfs.ha.fencing.ssh.private-key-files", "");
        this.keyFiles = keys.isBlank() ? List.of() : List.of(keys.trim().split("\\s*,\\s*"));
    }

    @Override
    public boolean fence(FenceTarget target, Duration timeout) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "ConnectTimeout=" + Math.max(1, timeout.toSeconds()), "-p", Integer.toString(sshPort)));
        for (String key : keyFiles) {
            cmd.add("-i");
            cmd.add(key);
        }
        cmd.add(user + "@" + target.host());
        cmd.add("PATH=$PATH:/sbin:/usr/sbin fuser -v -k -n tcp " + target.port());
        CommandRunner.Result r = CommandRunner.run(cmd, Map.of(), timeout);
        if (r.timedOut()) {
            throw new java.util.concurrent.TimeoutException(describe() + " did not finish within " + timeout.toMillis() + " ms");
        }
        if (r.exitCode() == 0) {
            LOG.info("{}: killed the process listening on {}:{}", describe(), target.host(), target.port());
            return true;
        }
        if (r.exitCode() == 1) {
            boolean listening = answers(target, Duration.ofSeconds(2));
            LOG.info("{}: nothing was killed; port {} {}", describe(), target.port(), listening ? "still answers" : "is closed");
            return !listening;
        }
        LOG.warn("{} failed (ssh exit {}): {}", describe(), r.exitCode(), r.output().trim());
        return false;
    }

    private static boolean answers(FenceTarget target, Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(target.host(), target.port()), (int) timeout.toMillis());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    String user() {
        return user;
    }

    int sshPort() {
        return sshPort;
    }

    @Override
    public String describe() {
        return "sshfence(" + args + ")";
    }
}
