package io.hakeeper.zkfc;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.fencing.FencingChain;
import io.hakeeper.core.health.HealthMonitor;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZKFC beside one master, as a composition (as Hadoop splits ZKFailoverController, HealthMonitor and
 * FailoverController): the {@link HealthMonitor} watches the master, the {@link Elector} decides who is active,
 * {@link MasterTransitions} turns its decisions into calls to the master and the fencing chain,
 * {@link MasterLeaseRenewer} keeps an active master's lease, {@link PauseWatch} follows the pause marker,
 * {@link ControllerAdmin} serves operators and Hadoop, and {@link ZkfcLoop} is the one thread that decides what to do
 * about each of their events. Refuses to start without a formatted election znode, a fencing method, or ZooKeeper.
 */
public final class ZkfcController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkfcController.class);

    private final ZkfcSettings settings;
    private final NodeSpec local;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LastTransition last = new LastTransition();
    private volatile HakeeperException failure;
    private CuratorFramework client;
    private Elector elector;
    private HealthMonitor health;
    private ControllerAdmin admin;
    private MasterLeaseRenewer renewer;
    private MasterTransitions transitions;
    private PauseWatch pauseWatch;
    private ZkfcLoop loop;
    private boolean closed;

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
        FencingChain fencing = settings.fencing();
        if (fencing.isEmpty()) {
            throw HakeeperException.config("no fencing method: set dfs.ha.fencing.methods (shell(/bin/true) if your"
                    + " masters cannot harm each other once standby)");
        }
        HdfsHaZnodes layout = settings.layout();
        client = settings.zk().connect();
        if (client.checkExists().forPath(layout.workingDir()) == null) {
            client.close();
            throw new HakeeperException(ExitCode.NOT_FOUND, "the election znode " + layout.workingDir() + " does not exist:"
                    + " run `hakeeper zkfc -formatZK` once for nameservice " + settings.nameservice());
        }
        admin = new ControllerAdmin(settings);
        renewer = new MasterLeaseRenewer(local.id(), local.target(), settings.gracefulFenceTimeout(),
                // the term, not epoch(): the term is held from before the master is told, epoch() only after
                epoch -> elector.term().map(t -> t.token() == epoch).orElse(false), () -> elector.sessionLeft(),
                settings.zk().sessionTimeout().dividedBy(10), (epoch, why) -> {
                    transitions.masterLeaseRanOut();
                    loop.leaseRanOut(epoch, why);
                });
        transitions = new MasterTransitions(settings, fencing, renewer, last, admin.registry(),
                new MasterTransitions.Controller() {
                    @Override
                    public void masterStoodDown() {
                        loop.masterStoodDown();
                    }

                    @Override
                    public void fatal(String reason, Throwable cause) {
                        fail(io.hakeeper.core.election.ElectorFailure.of(reason, cause));
                    }
                });
        elector = new Elector(local.id(), client, local.info().encode(),
                layout.electorOptions().withLease(settings.lease()), transitions);
        health = new HealthMonitor(local.id(), local.checks(), new InetSocketAddress(local.host(), local.port()),
                settings.health(), (previous, now, reason) -> loop.healthChanged(now, reason));
        GracefulFailover failover = new GracefulFailover(settings, elector, health);
        loop = new ZkfcLoop(settings, elector, health, failover, last, this::fail);
        pauseWatch = new PauseWatch(client, layout.pauseMarker(), paused -> loop.pauseChanged(paused));
        try {
            admin.start(elector, health, loop, failover, this::status, () -> failure == null);
            elector.start();
            loop.start(pauseWatch.start());
            health.start();
            FailoverWarmup.startInBackground(local.id(), client, elector, layout, local);
        } catch (Exception e) {
            close(); // nothing half-started survives: client, threads and the admin port are released
            throw e;
        }
        LOG.info("{}: controller started for {} ({}), election under {}", local.id(), settings.nameservice(),
                local.target().describe(), layout.workingDir());
    }

    public Status status() {
        long epoch = elector.epoch();
        return new Status(settings.nameservice(), local.id(), elector.state().name(), epoch > 0 && transitions.masterActive(),
                epoch, loop.paused(), health.state().name(), health.reason(), last.what(), last.at(), electionProblem());
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

    private void fail(HakeeperException e) {
        LOG.error("{}: stopping: {}", local.id(), e.getMessage());
        failure = e;
        stopped.countDown();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // the elector before the renewer: an activation or stand-down under way still needs the renewer's bookkeeping
        for (AutoCloseable c : new AutoCloseable[] {health, pauseWatch, admin, loop, elector, renewer, client}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.debug("{}: closing {}: {}", local.id(), c.getClass().getSimpleName(), e.toString());
                }
            }
        }
        stopped.countDown();
    }
}
