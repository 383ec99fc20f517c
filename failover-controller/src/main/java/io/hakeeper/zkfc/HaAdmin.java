package io.hakeeper.zkfc;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.health.HealthCheck;
import io.hakeeper.core.health.HealthState;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Hadoop's haadmin read verbs, answered as Hadoop's are, by asking the masters themselves:
 * {@code -getServiceState NN}, {@code -getAllServiceState}, {@code -checkHealth NN} (non-zero when unhealthy).
 * Timeout: {@code ha.failover-controller.cli-check.rpc-timeout.ms} (20000).
 */
public final class HaAdmin {
    private final ZkfcSettings settings;
    private final PrintWriter out;
    private final Duration timeout;

    public HaAdmin(ZkfcSettings settings, PrintWriter out, Duration timeout) {
        this.settings = settings;
        this.out = out;
        this.timeout = timeout;
    }

    public int getServiceState(String nn) {
        out.println(state(node(nn)));
        return 0;
    }

    public int getAllServiceState() {
        for (NodeSpec n : settings.nodes().values()) {
            String state;
            try {
                state = state(n);
            } catch (HakeeperException e) {
                state = "unreachable";
            }
            out.printf("%-30s %s%n", n.host() + ":" + n.port(), state);
        }
        return 0;
    }

    public int checkHealth(String nn) {
        for (HealthCheck c : node(nn).checks()) {
            HealthCheck.Result r = c.check(timeout);
            if (r.state() != HealthState.SERVICE_HEALTHY) {
                out.println(nn + " is not healthy: " + r.reason());
                return ExitCode.FAILURE.code();
            }
        }
        return 0;
    }

    /**
     * {@code -failover FROM TO}: with automatic failover, as in Hadoop, this asks TO's controller for a graceful
     * failover; the active cedes, TO wins, nobody is fenced. Refused when TO is not healthy.
     */
    public int failover(String from, String to) {
        node(from);
        NodeSpec target = node(to);
        java.net.URI uri = java.net.URI.create("http://" + target.host() + ":" + settings.adminPort(target)
                + "/graceful-failover");
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(uri).timeout(timeout.plus(settings.newActiveTimeout()))
                            .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            out.print(r.body());
            out.flush();
            return r.statusCode() == 200 ? 0 : ExitCode.FAILURE.code();
        } catch (Exception e) {
            throw new HakeeperException(ExitCode.FAILURE, "cannot reach " + to + "'s controller at " + uri + " ("
                    + e.getMessage() + "): is `hakeeper zkfc --node " + to + "` running?", e);
        }
    }

    private String state(NodeSpec n) {
        try {
            return n.target().state(timeout).name().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            throw new HakeeperException(ExitCode.FAILURE, "cannot ask " + n.id() + " (" + n.target().describe() + ") for its"
                    + " state: " + e.getMessage(), e);
        }
    }

    private NodeSpec node(String nn) {
        NodeSpec n = settings.nodes().get(nn);
        if (n == null) {
            throw new HakeeperException(ExitCode.NOT_FOUND, "no node '" + nn + "' in nameservice " + settings.nameservice()
                    + ": it has " + settings.nodes().keySet());
        }
        return n;
    }
}
