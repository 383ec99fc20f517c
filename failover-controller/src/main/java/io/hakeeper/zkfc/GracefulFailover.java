package io.hakeeper.zkfc;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.health.HealthMonitor;
import io.hakeeper.core.health.HealthState;
import io.hakeeper.core.http.AdminServer.Response;
import io.hakeeper.zkfc.hadoop.HaServiceRpcTarget;
import io.hakeeper.zkfc.hadoop.ZkfcRpcClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hadoop's gracefulFailover, run by the controller of the node that should become active: ask every other
 * controller to cede (the current active last), so the active makes its master standby and leaves the election
 * without needing to be fenced; wait until we have won; then let the others rejoin as standbys.
 */
final class GracefulFailover {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulFailover.class);

    private final ZkfcSettings settings;
    private final Elector elector;
    private final HealthMonitor health;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    GracefulFailover(ZkfcSettings settings, Elector elector, HealthMonitor health) {
        this.settings = settings;
        this.elector = elector;
        this.health = health;
    }

    Response run() {
        NodeSpec local = settings.local();
        if (health.state() != HealthState.SERVICE_HEALTHY) {
            return Response.text(409, "refusing to fail over to " + local.id() + ": it is " + health.state() + " ("
                    + health.reason() + ")\n");
        }
        ActiveNodeInfo current;
        try {
            byte[] data = elector.activeData();
            if (data.length == 0) {
                return Response.text(409, "no node is active now: there is nothing to fail over from\n");
            }
            current = ActiveNodeInfo.CODEC.decode(settings.layout().lock().path(), data, null);
        } catch (Exception e) {
            return Response.text(500, "cannot read who is active: " + e.getMessage() + "\n");
        }
        if (current.namenodeId().equals(local.id())) {
            return Response.text(200, local.id() + " is already active\n");
        }
        Duration cedeFor = settings.gracefulFenceTimeout().multipliedBy(2);
        List<NodeSpec> others = new ArrayList<>();
        settings.nodes().values().stream().filter(n -> !n.id().equals(local.id()) && !n.id().equals(current.namenodeId()))
                .forEach(others::add);
        NodeSpec active = settings.nodes().get(current.namenodeId());
        if (active != null) {
            others.add(active); // the current active cedes last
        }
        LOG.info("{}: graceful failover from {} requested", local.id(), current.namenodeId());
        long start = System.nanoTime();
        try {
            for (NodeSpec n : others) {
                String answer = cede(n, cedeFor.toMillis());
                if (answer != null) {
                    return Response.text(500, "could not ask " + n.id() + " to cede: " + answer + "\n");
                }
            }
            long deadline = System.nanoTime() + cedeFor.plus(settings.newActiveTimeout()).toNanos();
            while (elector.epoch() <= 0) {
                if (System.nanoTime() > deadline) {
                    return Response.text(500, local.id() + " did not become active in time; see its log\n");
                }
                Thread.sleep(20);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            LOG.info("{}: graceful failover from {} done in {} ms (epoch {})", local.id(), current.namenodeId(), ms,
                    elector.epoch());
            return Response.text(200, "failed over from " + current.namenodeId() + " to " + local.id() + " in " + ms
                    + " ms (epoch " + elector.epoch() + ")\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Response.text(500, "interrupted\n");
        } finally {
            for (NodeSpec n : others) {
                cede(n, -1); // let them rejoin, as standbys now
            }
        }
    }

    /**
     * Returns null on success, else what went wrong. A Hadoop master's controller (ours or Hadoop's own ZKFC) is
     * asked over ZKFCProtocol on its {@code dfs.ha.zkfc.port}; others over our admin HTTP.
     */
    private String cede(NodeSpec node, long millis) {
        if (node.target() instanceof HaServiceRpcTarget) {
            try {
                ZkfcRpcClient.cedeActive(settings.hadoopConf(), new InetSocketAddress(node.host(), node.zkfcPort()), millis,
                        settings.gracefulFenceTimeout().plusSeconds(30));
                return null;
            } catch (Exception e) {
                return e.toString();
            }
        }
        URI uri = URI.create("http://" + node.host() + ":" + settings.adminPort(node) + "/cede?millis=" + millis);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(settings.gracefulFenceTimeout()
                    .plusSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? null : r.statusCode() + " " + r.body().trim();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
