package io.hakeeper.zkfc;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.fencing.FencingChain;
import io.hakeeper.core.health.HealthMonitor;
import io.hakeeper.core.health.HealthState;
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
    private boolean closed;

    public ZkfcController(ZkfcSettings settings) {
        this.settings = settings;
        this.local = settings.local();
    }

    public synchronized void start() throws Exception {
        if (client != null) {
            throw new IllegalStateException("controller already started");
        }
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
        elector.start();
        health = new HealthMonitor(local.id(), local.checks(), new InetSocketAddress(local.host(), local.port()),
                settings.health(), this::onHealth);
        health.start();
        LOG.info("{}: controller started for {} ({}), election under {}", local.id(), settings.nameservice(),
                local.target().describe(), layout.workingDir());
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

    private void onHealth(HealthState previous, HealthState now, String reason) {
        try {
            switch (now) {
                case SERVICE_HEALTHY -> {
                    LOG.info("{} healthy: joining the election", local.id());
                    elector.joinElection();
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

    private final class ElectionCallbacks implements ElectorListener {
        @Override
        public void becomeActive(long epoch) throws Exception {
            LOG.info("{}: elected; making {} active (epoch {})", local.id(), local.target().describe(), epoch);
            long start = System.nanoTime();
            local.target().transitionToActive(epoch, settings.newActiveTimeout());
            LOG.info("{} is active (epoch {}), transition took {} ms", local.id(), epoch,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }

        @Override
        public void becomeStandby() throws Exception {
            local.target().transitionToStandby(settings.gracefulFenceTimeout());
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
            if (oldNode == null || !oldNode.host().equals(old.hostname()) || oldNode.port() != old.port()) {
                throw new IllegalStateException("the breadcrumb names " + old + ", which does not match the configured"
                        + " masters " + settings.nodes().keySet() + ": refusing to guess whom to fence");
            }
            LOG.info("{}: fencing the previous active {}", local.id(), old);
            FencingChain.Outcome outcome = fencing.startingWith(new GracefulFence(oldNode.target(),
                    settings.gracefulFenceTimeout())).fence(oldNode.fenceTarget());
            if (!outcome.fenced()) {
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
        if (elector != null) {
            elector.close();
        }
        if (client != null) {
            client.close();
        }
        stopped.countDown();
    }
}
