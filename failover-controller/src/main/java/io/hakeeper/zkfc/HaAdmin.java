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

    /**
     * Every node's state, and any stuck election. Exits as a health check: 0 with one active and every node
     * answering; {@link ExitCode#DEGRADED} with one active but a node unreachable or an election stuck;
     * {@link ExitCode#UNHEALTHY} with no active (or two).
     */
    public int getAllServiceState() {
        int active = 0;
        int unreachable = 0;
        for (NodeSpec n : settings.nodes().values()) {
            String state = stateOrUnreachable(n);
            active += "active".equals(state) ? 1 : 0;
            unreachable += "unreachable".equals(state) ? 1 : 0;
            out.printf("%-30s %s%n", n.host() + ":" + n.port(), state);
        }
        boolean stuck = false;
        for (NodeSpec n : settings.nodes().values()) {
            String problem = electionProblem(n);
            if (problem != null) {
                stuck = true;
                out.println(n.id() + ": election stuck: " + problem);
            }
        }
        out.flush();
        if (unreachable > 0 && unreachable == settings.nodes().size()) {
            return ExitCode.UNREACHABLE.code(); // nobody answered: nothing was checked
        }
        if (active != 1) {
            return ExitCode.UNHEALTHY.code();
        }
        return unreachable > 0 || stuck ? ExitCode.DEGRADED.code() : 0;
    }

    /** What nn's controller says is keeping its election stuck, or null (also when it cannot be asked). */
    private String electionProblem(NodeSpec n) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + n.host() + ":"
                            + settings.adminPort(n) + "/status")).timeout(timeout).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            com.fasterxml.jackson.databind.JsonNode problem = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(r.body()).path("electionProblem");
            return problem.isTextual() ? problem.asText() : null;
        } catch (Exception e) {
            return null; // a controller that cannot be asked has said nothing: its master's row says what is known
        }
    }

    public int checkHealth(String nn) {
        for (HealthCheck c : node(nn).checks()) {
            HealthCheck.Result r = c.check(timeout);
            if (r.state() != HealthState.SERVICE_HEALTHY) {
                out.println(nn + " is not healthy: " + r.reason());
                return ExitCode.UNHEALTHY.code();
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
            return switch (r.statusCode()) {
                case 200 -> 0;
                case 409 -> ExitCode.REFUSED.code(); // the controller said why (unhealthy target, nobody active)
                default -> ExitCode.FAILURE.code();
            };
        } catch (java.io.IOException e) {
            throw new HakeeperException(ExitCode.UNREACHABLE, "cannot reach " + to + "'s controller at " + uri + " ("
                    + e + "): is `hakeeper zkfc --node " + to + "` running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HakeeperException(ExitCode.INTERRUPTED, "interrupted while asking " + to + "'s controller", e);
        }
    }

    /**
     * {@code -transitionToActive NN} / {@code -transitionToStandby NN}. Automatic failover is on wherever hakeeper's
     * controllers run, so, like Hadoop, these are refused unless {@code forceManual}: a master made active behind
     * the controllers' backs has no lock, no breadcrumb and no epoch. Even forced, activation is refused while
     * another master is active.
     */
    public int transition(String nn, boolean toActive, boolean forceManual) {
        NodeSpec n = node(nn);
        if (!forceManual) {
            throw new HakeeperException(ExitCode.REFUSED, "automatic failover is enabled for " + settings.nameservice()
                    + ": refusing to manage HA state by hand; use -failover FROM TO, or --forcemanual if the controllers"
                    + " are down and you accept the risk");
        }
        if (toActive) {
            for (NodeSpec other : settings.nodes().values()) {
                if (!other.id().equals(nn) && "active".equals(stateOrUnreachable(other))) {
                    throw new HakeeperException(ExitCode.REFUSED, other.id() + " is active: make it standby first, or use"
                            + " -failover " + other.id() + " " + nn);
                }
            }
        }
        try {
            if (toActive) {
                n.target().transitionToActive(-1, timeout);
            } else {
                n.target().transitionToStandby(timeout);
            }
        } catch (Exception e) {
            throw new HakeeperException(ExitCode.UNREACHABLE, "could not make " + nn + (toActive ? " active" : " standby")
                    + ": " + e.getMessage(), e);
        }
        out.println(nn + " is " + (toActive ? "active (made by hand: no epoch)" : "standby"));
        out.flush();
        return 0;
    }

    /** {@code -pause} / {@code -resume}: controllers keep watching and reporting but make no transitions. */
    public int pause(boolean pause) {
        String marker = settings.layout().pauseMarker();
        try (org.apache.curator.framework.CuratorFramework client = settings.zk().connect()) {
            if (pause) {
                try {
                    client.create().forPath(marker, ("paused by " + System.getProperty("user.name") + " at "
                            + java.time.Instant.now()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
                    out.println(settings.nameservice() + " was already paused");
                    out.flush();
                    return 0;
                }
            } else {
                try {
                    client.delete().forPath(marker);
                } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
                    out.println(settings.nameservice() + " was not paused");
                    out.flush();
                    return 0;
                }
            }
        } catch (HakeeperException e) {
            throw e;
        } catch (org.apache.zookeeper.KeeperException e) {
            throw io.hakeeper.core.error.ZkErrors.explain(e, settings.zk().connectString());
        } catch (Exception e) {
            throw new HakeeperException(ExitCode.FAILURE, "could not " + (pause ? "pause " : "resume ")
                    + settings.nameservice() + ": " + e.getMessage(), e);
        }
        out.println(settings.nameservice() + (pause ? " paused: controllers make no transitions until -resume"
                : " resumed"));
        out.flush();
        return 0;
    }

    private String stateOrUnreachable(NodeSpec n) {
        try {
            return state(n);
        } catch (HakeeperException e) {
            return "unreachable";
        }
    }

    private String state(NodeSpec n) {
        try {
            return n.target().state(timeout).name().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            throw new HakeeperException(ExitCode.UNREACHABLE, "cannot ask " + n.id() + " (" + n.target().describe() + ") for its"
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
