package io.hakeeper.core.election;

import io.hakeeper.core.zk.SessionTracker;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one election state machine (design.md §2), with Hadoop's ActiveStandbyElector contract so that a real Hadoop
 * ZKFC and ours can share an election: same znodes, same bytes, same sequence.
 *
 * <p>Becoming active: create the ephemeral lock with our data; read the breadcrumb; fence the old active unless the
 * breadcrumb holds our own data; write the breadcrumb version-checked; check that the lock is still owned by our
 * current session; then tell the service. The breadcrumb's mzxid after our write is the <em>epoch</em>, the fencing
 * token: every later active gets a higher one, and {@link #fencedWrite} refuses writes once a newer active wrote.
 *
 * <p>Threads: every decision is taken on one loop thread, and listener calls never overlap and keep their order.
 * The one exception is the lease: a watchdog thread demotes the service when {@code leaseFraction} of the session
 * timeout passes without word from ZooKeeper, so that a loop blocked in a ZooKeeper call cannot delay it.
 *
 * <p>Lifecycle: the constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class Elector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Elector.class);

    private final String name;
    private final CuratorFramework client;
    private final byte[] appData;
    private final ElectorOptions options;
    private final ElectorListener listener;
    private final SessionTracker session;
    private final Object callbackLock = new Object();
    private final ElectionZnodes znodes;

    private ScheduledExecutorService loop;
    private ScheduledExecutorService watchdog;

    // confined to the loop thread
    private boolean wantToBeInElection;
    private boolean paused;
    private ElectorState state = ElectorState.INIT;
    private ScheduledFuture<?> pendingRejoin;

    // read by other threads (status, fenced writes, the watchdog)
    private volatile ElectorState publishedState = ElectorState.INIT;
    private volatile boolean serviceActive;
    /** From a won election until demotion: the service may write fenced while it activates (e.g. a state store). */
    private volatile boolean writesAllowed;
    private volatile long epoch = -1;
    private volatile int breadcrumbVersion = -1;

    /**
     * @param name    for logs ("nn1")
     * @param client  a started client; the elector does not close it
     * @param appData what the lock and breadcrumb hold (e.g. Hadoop's ActiveNodeInfo)
     */
    public Elector(String name, CuratorFramework client, byte[] appData, ElectorOptions options, ElectorListener listener) {
        this.name = name;
        this.client = client;
        this.appData = appData.clone();
        this.options = options;
        this.listener = listener;
        this.session = new SessionTracker(client, Duration.ofMillis(100));
        this.znodes = new ElectionZnodes(name, client, options, this.appData, session::liveSessionId);
    }

    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("elector " + name + " already started");
        }
        // ZooKeeper's callbacks may still arrive after close(): once the loop is shut down they are dropped
        java.util.concurrent.ScheduledThreadPoolExecutor events = new java.util.concurrent.ScheduledThreadPoolExecutor(1,
                r -> daemon(r, "elector-" + name), new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
        loop = events;
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "elector-lease-" + name));
        session.addListener(new SessionTracker.Listener() {
            @Override
            public void newSession(long sessionEpoch, long sessionId) {
                loop.execute(() -> onConnected("new session 0x" + Long.toHexString(sessionId)));
            }

            @Override
            public void reconnected() {
                loop.execute(() -> onConnected("reconnected"));
            }

            @Override
            public void suspended() {
                loop.execute(Elector.this::onDisconnected);
            }

            @Override
            public void lost() {
                // the session is gone: whatever the lease says, our lock is gone with it
                demote("our ZooKeeper session expired");
                loop.execute(Elector.this::onDisconnected);
            }
        });
        session.start();
        if (options.lease()) {
            watchdog.scheduleWithFixedDelay(this::checkLease, 50, 50, TimeUnit.MILLISECONDS);
        }
    }

    private static Thread daemon(Runnable r, String threadName) {
        Thread t = new Thread(r, threadName);
        t.setDaemon(true);
        return t;
    }

    /** Enters the election (again). Returns at once; the outcome arrives through the listener. */
    public void joinElection() {
        loop.execute(() -> {
            wantToBeInElection = true;
            tryAcquire();
        });
    }

    /**
     * Leaves the election. {@code needFence} false is a graceful exit: the service is made standby and our
     * breadcrumb deleted, so the next active does not fence us. With true (the service is unhealthy) the breadcrumb
     * stays and the next active fences it. Waits up to {@code deadline} for the loop to do it.
     */
    public void quitElection(boolean needFence, Duration deadline) throws Exception {
        Future<?> done = loop.submit(() -> {
            if (paused) {
                LOG.info("{}: paused: staying in the election", name);
                return;
            }
            quit(needFence);
        });
        done.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Pause (maintenance): while paused the elector takes no lock and leaves none; it keeps its state, its session
     * and its lease. Resuming tries to join again if it wants to be in the election.
     */
    public void setPaused(boolean pause) {
        loop.execute(() -> {
            if (paused != pause) {
                paused = pause;
                LOG.info("{}: {}", name, pause ? "paused: no transitions until resumed" : "resumed");
                if (!pause) {
                    tryAcquire();
                }
            }
        });
    }

    public ElectorState state() {
        return publishedState;
    }

    /**
     * The fencing token while the service is active and the lease holds, else -1. The lease is checked here, not
     * left to the watchdog, so that a thread resuming from a long pause cannot act on a stale "active".
     */
    public long epoch() {
        return serviceActive && !(options.lease() && leaseLapsed()) ? epoch : -1;
    }

    /** The lock's data: who is active now (empty array when nobody is). */
    public byte[] activeData() throws Exception {
        return znodes.activeData();
    }

    /**
     * Runs {@code ops} as one {@code multi} that first checks that the breadcrumb is still the version we wrote:
     * if another active has written since, or we are not active (or activating: the listener's becomeActive may
     * write), or our lease lapsed, nothing of it happens.
     *
     * @throws FencedException when we are not the active (any more)
     */
    public List<CuratorTransactionResult> fencedWrite(List<CuratorOp> ops) throws Exception {
        int version = breadcrumbVersion;
        if (!writesAllowed || version < 0 || (options.lease() && leaseLapsed())) {
            throw new FencedException(name + " is not the active (state " + publishedState + "): write refused");
        }
        return znodes.fencedWrite(version, ops);
    }

    // ---- the loop --------------------------------------------------------------------------------------------

    private void tryAcquire() {
        if (!wantToBeInElection || paused || state == ElectorState.CLOSED) {
            return;
        }
        cancelRejoin();
        if (!client.getZookeeperClient().isConnected()) {
            return; // onConnected will bring us back
        }
        long sessionEpoch = session.sessionEpoch();
        try {
            if (options.createParents()) {
                znodes.ensureParents();
            }
            try {
                client.create().withMode(CreateMode.EPHEMERAL).forPath(options.lockPath(), appData);
            } catch (KeeperException.NodeExistsException e) {
                // held by someone, or by us through a create whose reply was lost: the owner check decides
            }
            Stat lock = client.checkExists().usingWatcher((Watcher) event -> onLockEvent(event, sessionEpoch))
                    .forPath(options.lockPath());
            if (lock == null) {
                loop.execute(this::tryAcquire); // deleted in between: try again
            } else if (lock.getEphemeralOwner() == session.liveSessionId() && sessionEpoch == session.sessionEpoch()) {
                becomeActive(sessionEpoch);
            } else {
                toStandby("the lock is held by session 0x" + Long.toHexString(lock.getEphemeralOwner()));
            }
        } catch (KeeperException.NoAuthException e) {
            failFatally("ZooKeeper denies us " + options.lockPath() + " (NoAuth): grant this client's identity"
                    + " cdrwa on the parent, or fix the auth settings", e);
        } catch (Exception e) {
            LOG.warn("{}: could not join the election ({}); retrying in {} ms", name, e.toString(),
                    options.rejoinBackoff().toMillis());
            scheduleRejoin();
        }
    }

    private void becomeActive(long sessionEpoch) {
        try {
            Stat crumb = new Stat();
            byte[] old;
            try {
                old = client.getData().storingStatIn(crumb).forPath(options.breadcrumbPath());
            } catch (KeeperException.NoNodeException e) {
                old = null;
                crumb = null;
            }
            if (old != null && !Arrays.equals(old, appData)) {
                LOG.info("{}: won the lock; fencing the previous active first", name);
                synchronized (callbackLock) {
                    listener.fenceOldActive(old);
                }
            }
            Stat written;
            if (crumb == null) {
                written = new Stat();
                client.create().storingStatIn(written).withMode(CreateMode.PERSISTENT)
                        .forPath(options.breadcrumbPath(), appData);
            } else {
                written = client.setData().withVersion(crumb.getVersion()).forPath(options.breadcrumbPath(), appData);
            }
            Stat lock = client.checkExists().forPath(options.lockPath());
            if (lock == null || lock.getEphemeralOwner() != session.liveSessionId() || sessionEpoch != session.sessionEpoch()) {
                throw new IllegalStateException("lost the lock while becoming active");
            }
            breadcrumbVersion = written.getVersion();
            epoch = written.getMzxid();
            if (options.lease() && leaseLapsed()) {
                throw new IllegalStateException("no word from ZooKeeper for " + session.sinceLastHeard().toMillis()
                        + " ms; not becoming active on a stale lease");
            }
            synchronized (callbackLock) {
                writesAllowed = true;
                listener.becomeActive(epoch);
                serviceActive = true;
            }
            setState(ElectorState.ACTIVE);
            LOG.info("{}: active with epoch {}", name, epoch);
        } catch (Exception e) {
            LOG.warn("{}: could not become active ({}); leaving the lock and retrying in {} ms", name, e.toString(),
                    options.rejoinBackoff().toMillis());
            writesAllowed = false;
            breadcrumbVersion = -1;
            demote("failed to become active");
            znodes.deleteOwnLock();
            setState(ElectorState.NEUTRAL);
            scheduleRejoin();
        }
    }

    private void quit(boolean needFence) {
        boolean wasActive = serviceActive;
        wantToBeInElection = false;
        cancelRejoin();
        boolean standby = demote(needFence ? "quitting the election, fencing needed" : "quitting the election gracefully");
        if (wasActive && !needFence && standby) {
            znodes.deleteOwnBreadcrumb(); // the service is standby: nobody needs to fence it
        }
        breadcrumbVersion = -1;
        znodes.deleteOwnLock();
        if (state != ElectorState.CLOSED) {
            setState(ElectorState.INIT);
        }
    }

    private void onConnected(String why) {
        LOG.debug("{}: connected ({})", name, why);
        if (wantToBeInElection) {
            tryAcquire();
        }
    }

    private void onDisconnected() {
        if (state == ElectorState.ACTIVE || state == ElectorState.STANDBY) {
            LOG.warn("{}: lost the connection to ZooKeeper while {}; lease clock running", name, state);
            setState(ElectorState.NEUTRAL);
            synchronized (callbackLock) {
                listener.enterNeutral();
            }
        }
    }

    private void onLockEvent(WatchedEvent event, long sessionEpoch) {
        if (event.getType() == Watcher.Event.EventType.None) {
            return; // connection events come through the session tracker
        }
        loop.execute(() -> {
            if (sessionEpoch != session.sessionEpoch()) {
                return; // a watch of an earlier session
            }
            if (event.getType() == Watcher.Event.EventType.NodeDeleted && state == ElectorState.ACTIVE) {
                if (stillOurLock(sessionEpoch)) {
                    // a watch set while the previous holder had the lock fired for its deletion, after we won: one
                    // deletion triggers every watch registered on the path, and each standby round registered one
                    return;
                }
                LOG.warn("{}: our lock {} was deleted while active", name, options.lockPath());
                demote("the lock was deleted");
                setState(ElectorState.NEUTRAL);
            }
            tryAcquire();
        });
    }

    /** True when the lock exists and our live session owns it; the check re-arms a watch on it. */
    private boolean stillOurLock(long sessionEpoch) {
        try {
            Stat lock = client.checkExists().usingWatcher((Watcher) e -> onLockEvent(e, sessionEpoch))
                    .forPath(options.lockPath());
            return lock != null && lock.getEphemeralOwner() == session.liveSessionId();
        } catch (Exception e) {
            return false; // cannot tell: treat it as lost, the safe side
        }
    }

    private void toStandby(String why) {
        if (state != ElectorState.STANDBY) {
            LOG.info("{}: standby ({})", name, why);
            demote("another node is active");
            setState(ElectorState.STANDBY);
        }
    }

    /**
     * Tells the service to stop being active, once. Called by the loop and by the lease watchdog.
     *
     * @return false when the service said it could not become standby (it may still be active)
     */
    private boolean demote(String why) {
        writesAllowed = false; // first, before anything else can run: no fenced write once demotion began
        synchronized (callbackLock) {
            if (!serviceActive) {
                return true;
            }
            serviceActive = false;
            LOG.warn("{}: making the service standby: {}", name, why);
            try {
                listener.becomeStandby();
                return true;
            } catch (Exception e) {
                LOG.error("{}: the service could not become standby ({}); it must be fenced", name, e.toString());
                return false;
            }
        }
    }

    private void checkLease() {
        if (serviceActive && leaseLapsed()) {
            demote("lease lapsed: no word from ZooKeeper for " + session.sinceLastHeard().toMillis() + " ms ("
                    + Math.round(options.leaseFraction() * 100) + "% of the " + session.negotiatedSessionTimeout().toMillis()
                    + " ms session), before anyone else can win");
        }
    }

    private boolean leaseLapsed() {
        Duration timeout = session.negotiatedSessionTimeout();
        if (timeout.isZero()) {
            return !client.getZookeeperClient().isConnected();
        }
        long budgetNanos = (long) (timeout.toNanos() * options.leaseFraction());
        return session.sinceLastHeard().toNanos() >= budgetNanos;
    }

    private void failFatally(String reason, Throwable cause) {
        LOG.error("{}: {}", name, reason);
        wantToBeInElection = false;
        demote(reason);
        setState(ElectorState.CLOSED);
        synchronized (callbackLock) {
            listener.fatal(reason, cause);
        }
    }

    private void scheduleRejoin() {
        cancelRejoin();
        pendingRejoin = loop.schedule(this::tryAcquire, options.rejoinBackoff().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelRejoin() {
        if (pendingRejoin != null) {
            pendingRejoin.cancel(false);
            pendingRejoin = null;
        }
    }

    private void setState(ElectorState s) {
        state = s;
        publishedState = s;
    }

    /** Leaves the election gracefully (bounded wait) and stops the threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (loop == null || loop.isShutdown()) {
            return;
        }
        try {
            loop.submit(() -> {
                quit(false);
                setState(ElectorState.CLOSED);
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("{}: could not leave the election cleanly ({})", name, e.toString());
            demote("closing");
        } finally {
            loop.shutdownNow();
            watchdog.shutdownNow();
            session.close();
            setState(ElectorState.CLOSED);
        }
    }
}
