package io.hakeeper.zkfc;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.fencing.FencingChain;
import io.hakeeper.core.health.HealthMonitor;
import io.hakeeper.core.health.HealthState;
import io.hakeeper.core.http.AdminServer;
import io.hakeeper.zkfc.hadoop.HaServiceRpcTarget;
import io.hakeeper.zkfc.hadoop.HadoopConf;
import io.hakeeper.zkfc.hadoop.ZkfcRpcServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZKFC beside one master: the health monitor decides whether we are in the election, the elector decides who
 * is active, and this class turns their decisions into calls to the master and to the fencing chain. Every
 * decision is one log line. Refuses to start without a formatted election znode, a fencing method, or ZooKeeper.
 */
public final class ZkfcController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkfcController.class);
    private static final Duration QUIT_DEADLINE = Duration.ofSeconds(30);

    private final ZkfcSettings settings;
    private final NodeSpec local;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile HakeeperException failure;
    private CuratorFramework client;
    private Elector elector;
    private HealthMonitor health;
    private FencingChain fencing;
    private AdminServer admin;
    private ZkfcRpcServer zkfcRpc;
    private Counter toActive;
    private Counter toStandby;
    private Counter fenceFailures;
    private Timer becomingActive;
    private volatile String lastTransition = "none yet";
    /** Set by cede: stay out of the election until {@link #cededUntil} (System.nanoTime). */
    private volatile boolean paused;
    private volatile java.util.concurrent.ScheduledFuture<?> leaseRenewal;
    /**
     * For failing back to a preferred active (System.nanoTime): when our master last became healthy or last stood
     * down, whichever is later; the failback delay counts from here.
     */
    private volatile long healthySince;
    private org.apache.curator.framework.recipes.cache.CuratorCache pauseWatch;
    private volatile boolean ceded;
    private volatile long cededUntil;
    private final java.util.concurrent.ScheduledExecutorService timer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "zkfc-timer");
                t.setDaemon(true);
                return t;
            });
    private volatile Instant lastTransitionAt;
    /** The master answered our last activation or renewal as active; false once it stood down or was told to. */
    private volatile boolean masterActive;
    private boolean closed;

    /** What {@code /status} shows. */
    /**
     * What {@code /status} shows. {@code masterActive} is what the master last told us (never just what the election
     * says); {@code electionProblem} says why the election is stuck, when it is.
     */
    public record Status(String nameservice, String node, String election, boolean masterActive, long epoch,
                         boolean paused, String health, String healthReason, String lastTransition,
                         String lastTransitionAt, String electionProblem) {
    }

    public ZkfcController(ZkfcSettings settings) {
        this.settings = settings;
        this.local = settings.local();
    }

    public synchronized void start() throws Exception {
        if (client != null) {
            throw new IllegalStateException("controller already started");
        }
        settings.requireAutomaticFailover();
        fencing = settings.fencing();
        if (fencing.isEmpty()) {
            throw HakeeperException.config("no fencing method: set dfs.ha.fencing.methods (shell(/bin/true) if your"
                    + " masters cannot harm each other once standby)");
        }
        HdfsHaZnodes layout = settings.layout();
        client = settings.zk().connect();
        Stat parent = client.checkExists().forPath(layout.workingDir());
        if (parent == null) {
            client.close();
            throw new HakeeperException(ExitCode.NOT_FOUND, "the election znode " + layout.workingDir() + " does not exist:"
                    + " run `hakeeper zkfc -formatZK` once for nameservice " + settings.nameservice());
        }
        elector = new Elector(local.id(), client, local.info().encode(),
                layout.electorOptions().withLease(settings.lease()), new ElectionCallbacks());
        health = new HealthMonitor(local.id(), local.checks(), new InetSocketAddress(local.host(), local.port()),
                settings.health(), this::onHealth);
        try {
            startAdmin(); // before anything can call back: the callbacks count into its metrics
            elector.start();
            watchPause(layout.pauseMarker());
            health.start();
            if (local.id().equals(settings.preferredActive())) {
                timer.scheduleWithFixedDelay(this::failBackIfDue, 1, 1, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            close(); // nothing half-started survives: client, threads and the admin port are released
            throw e;
        }
        LOG.info("{}: controller started for {} ({}), election under {}", local.id(), settings.nameservice(),
                local.target().describe(), layout.workingDir());
    }

    private void startAdmin() throws java.io.IOException {
        admin = new AdminServer(local.host(), settings.adminPort(local)); // the master's address: haadmin finds us there
        var registry = admin.registry();
        toActive = Counter.builder("hakeeper_zkfc_transitions").tag("to", "active").register(registry);
        toStandby = Counter.builder("hakeeper_zkfc_transitions").tag("to", "standby").register(registry);
        fenceFailures = Counter.builder("hakeeper_zkfc_fencing_failures").register(registry);
        becomingActive = Timer.builder("hakeeper_zkfc_becoming_active").description("fence + make the master active")
                .register(registry);
        Gauge.builder("hakeeper_zkfc_active", () -> elector.epoch() > 0 ? 1 : 0).register(registry);
        Gauge.builder("hakeeper_zkfc_healthy", () -> health.state() == HealthState.SERVICE_HEALTHY ? 1 : 0)
                .register(registry);
        admin.route("/status", () -> AdminServer.Response.json(200, status()));
        admin.action("/cede", request -> cede(Long.parseLong(request.param("millis", "0"))));
        GracefulFailover failover = new GracefulFailover(settings, elector, health);
        admin.action("/graceful-failover", request -> failover.run());
        if (local.target() instanceof HaServiceRpcTarget) {
            startZkfcRpc(failover);
        }
        admin.route("/health", () -> failure == null && health.state() == HealthState.SERVICE_HEALTHY
                ? AdminServer.Response.text(200, "healthy\n")
                : AdminServer.Response.text(503, health.state() + ": " + health.reason() + "\n"));
        admin.route("/active", () -> elector.epoch() > 0
                ? AdminServer.Response.text(200, "active, epoch " + elector.epoch() + "\n")
                : AdminServer.Response.text(503, "not active (" + elector.state() + ")\n"));
        admin.start();
    }

    /**
     * For a Hadoop master, Hadoop's own ZKFCProtocol on {@code dfs.ha.zkfc.port}: Hadoop's {@code haadmin -failover}
     * and Hadoop's ZKFCs reach us there. First the Hadoop identity (Kerberos from the NameNode's keytab, if secure).
     */
    private void startZkfcRpc(GracefulFailover failover) throws java.io.IOException {
        HadoopConf.login(settings.hadoopConf(), local.host());
        zkfcRpc = new ZkfcRpcServer(settings.hadoopConf(), new InetSocketAddress(local.host(), local.zkfcPort()),
                new ZkfcRpcServer.Actions() {
                    @Override
                    public AdminServer.Response cede(long millis) {
                        return ZkfcController.this.cede(millis);
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

    /**
     * Hadoop's cedeActive: leave the election gracefully (the master is made standby; its breadcrumb is deleted only
     * if it went) and stay out for {@code millis}; zero or less rejoins now.
     */
    AdminServer.Response cede(long millis) {
        try {
            if (millis <= 0) {
                ceded = false;
                if (health.state() == HealthState.SERVICE_HEALTHY) {
                    elector.joinElection();
                }
                return AdminServer.Response.text(200, local.id() + " rejoins the election\n");
            }
            LOG.info("{}: asked to cede the election for {} ms", local.id(), millis);
            cededUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            ceded = true;
            elector.quitElection(false, QUIT_DEADLINE);
            transitioned("ceded", "asked to step aside for " + millis + " ms");
            timer.schedule(() -> {
                if (!stillCeded() && health.state() == HealthState.SERVICE_HEALTHY) {
                    ceded = false;
                    elector.joinElection();
                }
            }, millis, TimeUnit.MILLISECONDS);
            return AdminServer.Response.text(200, local.id() + " ceded for " + millis + " ms\n");
        } catch (Exception e) {
            return AdminServer.Response.text(500, local.id() + " could not cede: " + e + "\n");
        }
    }

    /**
     * The preferred active's controller: once its master has been healthy for the failback delay while another node
     * is active, take over gracefully (nobody is fenced). Never while paused or ceded.
     */
    private void failBackIfDue() {
        if (paused || stillCeded() || health.state() != HealthState.SERVICE_HEALTHY || elector.epoch() > 0
                || elector.state() != io.hakeeper.core.election.ElectorState.STANDBY
                || System.nanoTime() - healthySince < settings.failbackDelay().toNanos()) {
            return;
        }
        LOG.info("{} is the preferred active and has been healthy for {} ms: failing back gracefully", local.id(),
                settings.failbackDelay().toMillis());
        AdminServer.Response r = new GracefulFailover(settings, elector, health).run();
        LOG.info("{}: failback: {}", local.id(), r.body().trim());
        healthySince = System.nanoTime(); // if it did not work, wait a whole delay before trying again
    }

    /**
     * Renews the master's lease every third of it, for this epoch only: a renewal task stops itself (not a later
     * epoch's task) once the elector no longer holds its epoch.
     */
    private void startLeaseRenewal(long epoch, Duration lease) {
        stopLeaseRenewal(); // a re-activation (a reconnect within the session) must not leave the old task running
        long every = Math.max(50, lease.toMillis() / 3);
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ScheduledFuture<?>> self =
                new java.util.concurrent.atomic.AtomicReference<>();
        synchronized (self) {
            self.set(timer.scheduleWithFixedDelay(() -> {
                synchronized (self) {
                    renewLease(epoch, lease, self.get());
                }
            }, every, every, TimeUnit.MILLISECONDS));
        }
        leaseRenewal = self.get();
    }

    private void renewLease(long epoch, Duration lease, java.util.concurrent.ScheduledFuture<?> self) {
        if (elector.epoch() != epoch) {
            self.cancel(false);
            return;
        }
        try {
            local.target().renewActive(epoch, lease, settings.gracefulFenceTimeout());
        } catch (io.hakeeper.zkfc.target.LeaseLapsedException e) {
            // the master stood down by itself (we were frozen, or renewals were late) and only an activation revives
            // it: leave the election gracefully at once, so the other master can win without fencing, and rejoin
            self.cancel(false);
            masterActive = false;
            LOG.warn("{}: the master's lease ran out ({}); it is standby: leaving the election so another can win,"
                    + " then rejoining", local.id(), e.getMessage());
            handOverAfterLapse();
        } catch (Exception e) {
            LOG.warn("{}: could not renew the master's lease ({}); it stands down by itself if this goes on", local.id(),
                    e.toString());
        }
    }

    /** After the master's lease lapsed while we held the lock: out of the election (gracefully), then back in. */
    private void handOverAfterLapse() {
        try {
            elector.quitElection(false, QUIT_DEADLINE);
            transitioned("standby", "the master's lease ran out; left the election for another to win");
        } catch (Exception e) {
            LOG.error("{}: could not leave the election after the master's lease ran out: {}", local.id(), e.toString());
        } finally {
            if (!paused && !stillCeded() && health.state() == HealthState.SERVICE_HEALTHY) {
                elector.joinElection();
            }
        }
    }

    private void stopLeaseRenewal() {
        java.util.concurrent.ScheduledFuture<?> r = leaseRenewal;
        if (r != null) {
            r.cancel(false);
        }
    }

    private boolean stillCeded() {
        return ceded && System.nanoTime() - cededUntil < 0;
    }

    public Status status() {
        Instant at = lastTransitionAt;
        long epoch = elector.epoch();
        return new Status(settings.nameservice(), local.id(), elector.state().name(), epoch > 0 && masterActive,
                epoch, paused, health.state().name(), health.reason(), lastTransition, at == null ? null : at.toString(),
                electionProblem());
    }

    /** Why the election is stuck and what an operator can do, or null. */
    private String electionProblem() {
        String stuck = elector.stuckReason();
        return stuck == null ? null : stuck + ". If the previous active named in " + settings.layout().breadcrumb().path()
                + " is surely down or standby, delete that znode (ZooKeeper's `delete`) and " + local.id()
                + " becomes active without fencing it; else fix the fencing method";
    }

    /** The bound admin port. */
    public int adminPort() {
        return admin.port();
    }

    private void transitioned(String to, String why) {
        lastTransition = to + ": " + why;
        lastTransitionAt = Instant.now();
    }

    /** Blocks until the controller stops: returns normally after {@link #close()}, throws after a fatal error. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
        if (failure != null) {
            throw failure;
        }
    }

    public Elector elector() {
        return elector;
    }

    /** The controller's ZooKeeper client (tests expire its session to crash the controller's side of the election). */
    CuratorFramework zkClient() {
        return client;
    }

    /** Follows the pause marker: created means pause, deleted means resume and act on the current health. */
    private void watchPause(String marker) throws Exception {
        paused = client.checkExists().forPath(marker) != null;
        elector.setPaused(paused);
        if (paused) {
            LOG.warn("{}: the nameservice is paused ({} exists): no transitions until `haadmin -resume`", local.id(), marker);
        }
        pauseWatch = org.apache.curator.framework.recipes.cache.CuratorCache.build(client, marker,
                org.apache.curator.framework.recipes.cache.CuratorCache.Options.SINGLE_NODE_CACHE);
        pauseWatch.listenable().addListener(org.apache.curator.framework.recipes.cache.CuratorCacheListener.builder()
                .forCreates(node -> setPaused(true))
                .forDeletes(node -> setPaused(false))
                .build());
        pauseWatch.start();
    }

    private void setPaused(boolean pause) {
        if (paused == pause) {
            return;
        }
        paused = pause;
        LOG.warn("{}: {}", local.id(), pause ? "paused by an operator: watching and reporting, no transitions"
                : "resumed: acting on the current health (" + health.state() + ")");
        elector.setPaused(pause);
        if (!pause) {
            onHealth(health.state(), health.state(), "resumed");
        }
    }

    private void onHealth(HealthState previous, HealthState now, String reason) {
        if (paused && now != HealthState.HEALTH_MONITOR_FAILED) {
            LOG.warn("{} is {} ({}), but the nameservice is paused: no transition", local.id(), now, reason);
            return;
        }
        try {
            switch (now) {
                case SERVICE_HEALTHY -> {
                    healthySince = System.nanoTime();
                    if (stillCeded()) {
                        LOG.info("{} healthy, but it ceded the election: rejoining later", local.id());
                    } else {
                        LOG.info("{} healthy: joining the election", local.id());
                        elector.joinElection();
                    }
                }
                case SERVICE_UNHEALTHY, SERVICE_NOT_RESPONDING -> {
                    LOG.warn("{} {} ({}): quitting the election, fencing needed", local.id(),
                            now == HealthState.SERVICE_UNHEALTHY ? "unhealthy" : "not responding", reason);
                    elector.quitElection(true, QUIT_DEADLINE);
                }
                case INITIALIZING -> elector.quitElection(false, QUIT_DEADLINE);
                case HEALTH_MONITOR_FAILED -> fail(new HakeeperException(ExitCode.FAILURE, "the health monitor of "
                        + local.id() + " failed: " + reason));
                default -> {
                }
            }
        } catch (Exception e) {
            LOG.error("{}: could not act on health {}: {}", local.id(), now, e.toString());
        }
    }

    private void fail(HakeeperException e) {
        LOG.error("{}: stopping: {}", local.id(), e.getMessage());
        failure = e;
        stopped.countDown();
    }

    /**
     * Whether the breadcrumb's host is the configured one: the same name, or names of the same address (Hadoop's
     * ZKFC compares resolved addresses, so its breadcrumb may say localhost where our config says 127.0.0.1).
     */
    private static boolean sameHost(String configured, String written) {
        if (configured.equalsIgnoreCase(written)) {
            return true;
        }
        try {
            return java.net.InetAddress.getByName(configured).equals(java.net.InetAddress.getByName(written));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private final class ElectionCallbacks implements ElectorListener {
        @Override
        public void becomeActive(long epoch) throws Exception {
            LOG.info("{}: elected; making {} active (epoch {})", local.id(), local.target().describe(), epoch);
            long start = System.nanoTime();
            Duration lease = settings.masterLease();
            boolean leased = local.target().supportsLease() && !lease.isZero();
            if (leased) {
                stopLeaseRenewal();
                local.target().transitionToActive(epoch, lease, settings.newActiveTimeout());
                startLeaseRenewal(epoch, lease);
            } else {
                local.target().transitionToActive(epoch, settings.newActiveTimeout());
            }
            masterActive = true;
            long took = System.nanoTime() - start;
            becomingActive.record(took, TimeUnit.NANOSECONDS);
            toActive.increment();
            transitioned("active", "elected, epoch " + epoch);
            LOG.info("{} is active (epoch {}), transition took {} ms", local.id(), epoch, TimeUnit.NANOSECONDS.toMillis(took));
        }

        @Override
        public void becomeStandby() throws Exception {
            stopLeaseRenewal();
            masterActive = false;
            healthySince = System.nanoTime(); // a preferred node waits a whole delay before failing back
            local.target().transitionToStandby(settings.gracefulFenceTimeout());
            toStandby.increment();
            transitioned("standby", "left the election or lost it");
            LOG.info("{} is standby", local.id());
        }

        @Override
        public void enterNeutral() {
            LOG.warn("{}: lost ZooKeeper; the master stays as it is until the lease lapses", local.id());
        }

        @Override
        public void fenceOldActive(byte[] breadcrumb) throws Exception {
            ActiveNodeInfo old = ActiveNodeInfo.CODEC.decode(settings.layout().breadcrumb().path(), breadcrumb, null);
            NodeSpec oldNode = settings.nodes().get(old.namenodeId());
            if (oldNode == null || !sameHost(oldNode.host(), old.hostname()) || oldNode.port() != old.port()) {
                throw new IllegalStateException("the breadcrumb names " + old + ", which does not match the configured"
                        + " masters " + settings.nodes().keySet() + ": refusing to guess whom to fence");
            }
            LOG.info("{}: fencing the previous active {}", local.id(), old);
            FencingChain.Outcome outcome = fencing.startingWith(new GracefulFence(oldNode.target(),
                    settings.gracefulFenceTimeout())).fence(oldNode.fenceTarget());
            if (!outcome.fenced()) {
                fenceFailures.increment();
                transitioned("not active", "could not fence " + old.namenodeId() + ": " + String.join("; ", outcome.attempts()));
                throw new IllegalStateException("could not fence " + old + ": " + String.join("; ", outcome.attempts()));
            }
        }

        @Override
        public void fatal(String reason, Throwable cause) {
            fail(new HakeeperException(ExitCode.AUTH, reason, cause));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (health != null) {
            health.close();
        }
        if (pauseWatch != null) {
            pauseWatch.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (zkfcRpc != null) {
            zkfcRpc.close();
        }
        timer.shutdownNow();
        if (elector != null) {
            elector.close();
        }
        if (client != null) {
            client.close();
        }
        stopped.countDown();
    }
}
