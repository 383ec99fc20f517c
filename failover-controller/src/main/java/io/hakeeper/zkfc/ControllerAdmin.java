package io.hakeeper.zkfc;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.health.HealthMonitor;
import io.hakeeper.core.health.HealthState;
import io.hakeeper.core.http.AdminServer;
import io.hakeeper.zkfc.hadoop.HaServiceRpcTarget;
import io.hakeeper.zkfc.hadoop.HadoopConf;
import io.hakeeper.zkfc.hadoop.ZkfcRpcServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The controller's faces to operators and to Hadoop: the admin HTTP ({@code /status}, {@code /health},
 * {@code /active}, {@code /metrics}, and the {@code /cede} and {@code /graceful-failover} actions) on the master's
 * address, and, for a Hadoop master, Hadoop's own ZKFCProtocol on {@code dfs.ha.zkfc.port}. The constructor does no
 * I/O: the metrics registry is there for the others to register into before {@link #start} binds the ports.
 */
final class ControllerAdmin implements AutoCloseable {
    private final ZkfcSettings settings;
    private final NodeSpec local;
    private final AdminServer admin;
    private ZkfcRpcServer zkfcRpc;

    ControllerAdmin(ZkfcSettings settings) {
        this.settings = settings;
        this.local = settings.local();
        this.admin = new AdminServer(local.host(), settings.adminPort(local)); // haadmin finds us at the master's address
    }

    MeterRegistry registry() {
        return admin.registry();
    }

    /** Binds the ports and serves. {@code healthyProcess} false (a fatal error) makes {@code /health} answer 503. */
    void start(Elector elector, HealthMonitor health, ZkfcLoop loop, GracefulFailover failover,
            Supplier<ZkfcController.Status> status, BooleanSupplier healthyProcess) throws IOException {
        Gauge.builder("hakeeper_zkfc_active", () -> elector.epoch() > 0 ? 1 : 0).register(admin.registry());
        Gauge.builder("hakeeper_zkfc_healthy", () -> health.state() == HealthState.SERVICE_HEALTHY ? 1 : 0)
                .register(admin.registry());
        admin.route("/status", () -> AdminServer.Response.json(200, status.get()));
        admin.action("/cede", request -> loop.cede(Long.parseLong(request.param("millis", "0"))));
        admin.action("/graceful-failover", request -> failover.run());
        if (local.target() instanceof HaServiceRpcTarget) {
            startZkfcRpc(loop, failover);
        }
        admin.route("/health", () -> healthyProcess.getAsBoolean() && health.state() == HealthState.SERVICE_HEALTHY
                ? AdminServer.Response.text(200, "healthy\n")
                : AdminServer.Response.text(503, health.state() + ": " + health.reason() + "\n"));
        admin.route("/active", () -> elector.epoch() > 0
                ? AdminServer.Response.text(200, "active, epoch " + elector.epoch() + "\n")
                : AdminServer.Response.text(503, "not active (" + elector.state() + ")\n"));
        admin.start();
    }

    /** The bound admin port. */
    int port() {
        return admin.port();
    }

    /**
     * For a Hadoop master, Hadoop's own ZKFCProtocol on {@code dfs.ha.zkfc.port}: Hadoop's {@code haadmin -failover}
     * and Hadoop's ZKFCs reach us there. First the Hadoop identity (Kerberos from the NameNode's keytab, if secure).
     */
    private void startZkfcRpc(ZkfcLoop loop, GracefulFailover failover) throws IOException {
        HadoopConf.login(settings.hadoopConf(), local.host());
        zkfcRpc = new ZkfcRpcServer(settings.hadoopConf(), new InetSocketAddress(local.host(), local.zkfcPort()),
                new ZkfcRpcServer.Actions() {
                    @Override
                    public AdminServer.Response cede(long millis) {
                        return loop.cede(millis);
                    }

                    @Override
                    public AdminServer.Response gracefulFailover() {
                        return failover.run();
                    }
                });
        try {
            zkfcRpc.start();
        } catch (java.net.BindException e) {
            throw new HakeeperException(ExitCode.CONFLICT, "dfs.ha.zkfc.port " + local.zkfcPort() + " on " + local.host()
                    + " is in use: is Hadoop's ZKFC still running beside " + local.id() + "? stop it first"
                    + " (hdfs --daemon stop zkfc), or give this controller another dfs.ha.zkfc.port", e);
        }
    }

    @Override
    public void close() {
        admin.close();
        if (zkfcRpc != null) {
            zkfcRpc.close();
        }
    }
}
