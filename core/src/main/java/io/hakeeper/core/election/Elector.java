package io.hakeeper.core.election;

import io.hakeeper.core.zk.SessionTracker;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one election state machine (docs/ARCHITECTURE.md), with Hadoop's ActiveStandbyElector contract so that a real Hadoop
 * ZKFC and ours can share an election: same znodes, same bytes, same sequence.
 *
 * <p>Becoming active: create the ephemeral lock with our data; read the breadcrumb; fence the old active unless the
 * breadcrumb holds our own data; then, in one multi, check the lock, write the breadcrumb (version-checked) and move
 * the epoch znode on: that begins our {@link Term}. Then check that the lock is still owned by our current session
 * and tell the service. The term's token (the multi's zxid) is the <em>epoch</em> the service stamps its writes
 * with; {@link #fencedWrite} heads every write with a check of the epoch znode at our term's version, which no later
 * term can pass, even after a graceful quit deleted the breadcrumb (Hadoop's contract) and it was written anew.
 * Kafka's layout ({@link ElectorOptions.EpochStyle#COUNTER}) begins the term with the lock instead, in one multi that
 * creates it and moves the controller-epoch counter on; the token is the counter.
 *
 * <p>Threads: every decision and every listener call is made on one loop thread, so calls never overlap and keep
 * their order. The lease ({@link TermLease}) never blocks: when the ZooKeeper quorum has been silent for the lease
 * ({@link SessionTracker#leaseLapsed(double)}), or the session is lost, the term is revoked at once (no fenced write
 * passes, {@link #epoch()} says -1) and the demotion queued on the loop, where the service is told.
 *
 * <p>A refused activation (fencing failed, the service would not become active) leaves the lock and waits
 * {@code rejoinBackoff} before the next attempt, whatever watches fire meanwhile (our own lock's deletion fires
 * ours); {@link #stuckReason()} says why, for {@code /status}.
 *
 * <p>Lifecycle: the constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class Elector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Elector.class);

    /** The chaos lab's unsafe switch ({@code -Dhakeeper.lab.unsafe=stale-read}); never set it anywhere else. */
    private static final boolean TRUSTS_STALE_READS = "stale-read".equals(System.getProperty("hakeeper.lab.unsafe"));

    private final String name;
    private final CuratorFramework client;
    private final byte[] appData;
    private final ElectorOptions options;
    private final GuardedService service;
    private final SessionTracker session;
    private final ElectionZnodes znodes;

    private final Supplier<byte[]> lockData;
    private final TermLease lease;

    private ScheduledExecutorService loop;

    // confined to the loop thread
    private boolean wantToBeInElection;
    private boolean paused;
    private ElectorState state = ElectorState.INIT;
    private ScheduledFuture<?> pendingRejoin;

    /** Not before this System.nanoTime does a refused or failed attempt try again; watches do not bring it sooner. */
    private long retryNotBefore = System.nanoTime();

    // read by other threads (status, fenced writes, the watchdog)
    private volatile ElectorState publishedState = ElectorState.INIT;
    /**
     * The term writes are fenced on: from the multi that began it until revocation (demotion, lease, session loss).
     * Set before the service is told, since its becomeActive may write (a state store); cleared first on the way out.
     */
    private final AtomicReference<Term> held = new AtomicReference<>();
    private volatile String refusal;
    /** Why the service would not compete, while it would not (see {@link ElectorListener#refuseToCompete()}). */
    private volatile String notCompeting;
    private final AtomicInteger refusalsInARow = new AtomicInteger();

    /**
     * @param name    for logs ("nn1")
     * @param client  a started client; the elector does not close it
     * @param appData what the lock and breadcrumb hold (e.g. Hadoop's ActiveNodeInfo)
     */
    public Elector(String name, CuratorFramework client, byte[] appData, ElectorOptions options, ElectorListener listener) {
        this(name, client, constant(appData.clone()), options, listener);
    }

    /**
     * An elector whose lock data is made anew for each attempt (Kafka's {@code /controller} carries the time of its
     * election); the breadcrumb and the epoch znode, where the layout has them, hold the data made at construction.
     */
    public Elector(String name, CuratorFramework client, Supplier<byte[]> lockData, ElectorOptions options,
            ElectorListener listener) {
        this.name = name;
        this.client = client;
        this.lockData = lockData;
        this.appData = lockData.get();
        this.options = options;
        this.service = new GuardedService(name, listener);
        // quorum writes: a follower cut off from its leader must not keep our lease alive (see SessionTracker). The
        // chaos lab alone may switch that off, to prove its checkers catch what follows.
        this.session = new SessionTracker(client, Duration.ofMillis(100), TRUSTS_STALE_READS
                ? SessionTracker.Evidence.LOCAL_READ : SessionTracker.Evidence.QUORUM_WRITE);
        this.znodes = new ElectionZnodes(name, client, options, this.appData, session::liveSessionId);
        this.lease = new TermLease(name, session, options, held);
    }

    private static Supplier<byte[]> constant(byte[] data) {
        return () -> data;
    }

    public synchronized void start() {
        if (loop != null) {
            throw new IllegalStateException("elector " + name + " already started");
        }
        if (TRUSTS_STALE_READS) {
            LOG.warn("{}: UNSAFE (chaos lab switch hakeeper.lab.unsafe=stale-read): the lease trusts reads a cut-off"
                    + " follower answers; never run this in production", name);
        }
        // ZooKeeper's callbacks may still arrive after close(): once the loop is shut down they are dropped
        loop = new ElectorLoop(name, this::loopFailed);
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
                // the session is gone and our lock with it: no write of the term from now on; the service hears it
                // on the loop
                lease.sessionLost();
                held.set(null);
                loop.execute(() -> {
                    demote("our ZooKeeper session expired");
                    onDisconnected();
                });
            }
        });
        session.start();
        lease.start(loop, this::demote, () -> onConnected("the quorum answers again after a lapsed lease"));
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
        Term t = held.get();
        return service.isActive() && t != null && !lease.lapsed() ? t.token() : -1;
    }

    /**
     * The term we hold, while we hold it and the lease holds (also while the service is being made active). Work
     * that a term decides captures it once and writes with {@link #fencedWrite(Term, List)}: it dies with the term.
     */
    public Optional<Term> term() {
        Term t = held.get();
        return t == null || (lease.lapsed()) ? Optional.empty() : Optional.of(t);
    }

    /**
     * When the lease of the last term it revoked ran out (System.nanoTime; Long.MIN_VALUE when no lease ever lapsed):
     * no fenced write of that term was sent after it, however late a frozen process heard of it.
     */
    public long lastLeaseLapseNanos() {
        return lease.lastLapseNanos();
    }

    /**
     * Why the election is stuck, or null: after a refused activation, the reason and how many attempts in a row
     * were refused (each waits the rejoin backoff).
     */
    public String stuckReason() {
        String no = notCompeting;
        if (no != null) {
            return "not competing for " + options.lockPath() + " (asked again every " + options.rejoinBackoff().toMillis()
                    + " ms): " + no;
        }
        int n = refusalsInARow.get();
        return n == 0 ? null : "could not become active (" + n + " attempt" + (n == 1 ? "" : "s") + " in a row, one every "
                + options.rejoinBackoff().toMillis() + " ms): " + refusal;
    }

    /**
     * Runs, once, the code of each ZooKeeper call a failover makes, on the calling thread, with nothing written: the
     * lock round and the deletion of our lock, each aimed at a child of the lock, which ZooKeeper always refuses (see
     * {@link LockRound#warm}). A fresh JVM otherwise loads and links this code during its first failover (a
     * controller's first failover took 160-200 ms here against 50-90 for the next ones, bench failover). Best effort:
     * a failure only means that path stays cold.
     */
    public void warmUp() {
        try {
            LockRound.warm(client, options, client.getZookeeperClient().getConnectionTimeoutMs());
            znodes.warmDeleteOwnLock();
        } catch (Exception e) {
            LOG.debug("{}: warm-up of the election's calls failed ({}); they stay cold", name, e.toString());
        }
    }

    /** The lock's data: who is active now (empty array when nobody is). */
    public byte[] activeData() throws Exception {
        return znodes.activeData();
    }

    /**
     * {@code ops} as one {@code multi} under the term we hold now (see {@link FencedMulti}).
     *
     * @throws FencedException when we hold no term (not active, or activating, any more), or a later one began
     * @throws OutcomeUnknownException when the reply was lost: read back before acting on it
     */
    public List<OpResult> fencedWrite(List<CuratorOp> ops) throws Exception {
        Term t = held.get();
        if (t == null) {
            throw new FencedException(name + " is not the active (state " + publishedState + "): write refused");
        }
        return fencedWrite(t, ops);
    }

    /**
     * {@code ops} as one {@code multi} under {@code term}, captured when the work began: refused here unless it is
     * still the term we hold and our lease holds, and refused by ZooKeeper once a later term began.
     *
     * @throws FencedException when {@code term} is over (nothing was written)
     * @throws OutcomeUnknownException when the reply was lost: read back before acting on it
     */
    public List<OpResult> fencedWrite(Term term, List<CuratorOp> ops) throws Exception {
        if (!term.equals(held.get()) || (lease.lapsed())) {
            throw new FencedException(term + " is not held any more (" + name + " is " + publishedState
                    + "): write refused");
        }
        return FencedMulti.write(client, term, ops);
    }

    // ---- the loop --------------------------------------------------------------------------------------------

    private void tryAcquire() {
        if (!wantToBeInElection || paused || state == ElectorState.CLOSED) {
            return;
        }
        long wait = retryNotBefore - System.nanoTime();
        if (wait > 0) {
            // in the backoff after a refused attempt: a watch (our own lock's deletion fires one) must not cut it short
            if (pendingRejoin == null || pendingRejoin.isDone()) {
                pendingRejoin = loop.schedule(this::tryAcquire, wait, TimeUnit.NANOSECONDS);
            }
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
            // asked only while nothing is held: after a blip the state is NEUTRAL with the service still active and
            // the term held, and refusing then would skip the demotion a lost lock must bring
            if (state != ElectorState.ACTIVE && held.get() == null && !service.isActive()) {
                String no = service.refuseToCompete();
                if (no != null) {
                    notCompeting(no);
                    return;
                }
                notCompeting = null;
            }
            Watcher onLock = event -> onLockEvent(event, sessionEpoch);
            LockRound round = null;
            if (options.epochStyle() == ElectorOptions.EpochStyle.ZXID) {
                try {
                    // the create, the watch and the breadcrumb in one round trip (LockRound)
                    round = LockRound.take(client, options, lockData.get(), onLock,
                            client.getZookeeperClient().getConnectionTimeoutMs());
                } catch (Exception e) {
                    if (!ElectionZnodes.connectionLost(e) && !(e instanceof java.util.concurrent.TimeoutException)) {
                        throw e;
                    }
                    // the connection was lost midway: Curator's calls below wait for the reconnection and retry, where
                    // failing here would wait out the rejoin backoff (the create may have landed: the owner check decides)
                    LOG.debug("{}: the lock round was cut short ({}); taking the lock step by step", name, e.toString());
                }
            }
            if (round == null) {
                znodes.takeLock(lockData.get());
                round = new LockRound(client.checkExists().usingWatcher(onLock).forPath(options.lockPath()), null, null);
            }
            Stat lock = round.lock();
            if (lock == null) {
                loop.execute(this::tryAcquire); // deleted in between: try again
            } else if (lock.getEphemeralOwner() == session.liveSessionId() && sessionEpoch == session.sessionEpoch()) {
                becomeActive(sessionEpoch, lock, round);
            } else if (heldByAnother(lock)) {
                loop.execute(this::tryAcquire); // the listener cleared a stale lock of its own: try again
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

    /** @param round the lock's round: its breadcrumb was read after our create, or (crumbStat null) is read now */
    private void becomeActive(long sessionEpoch, Stat lockStat, LockRound round) {
        Term term = null;
        try {
            Stat crumb = round.crumbStat() != null ? round.crumbStat() : new Stat();
            byte[] old = round.crumbStat() != null ? round.breadcrumb() : znodes.readBreadcrumb(crumb);
            if (old != null && !Arrays.equals(old, appData)) {
                LOG.info("{}: won the lock; fencing the previous active first", name);
                service.fence(old);
            }
            term = znodes.beginTerm(lockStat, old == null ? null : crumb);
            Stat lock = client.checkExists().forPath(options.lockPath());
            if (lock == null || lock.getEphemeralOwner() != session.liveSessionId() || sessionEpoch != session.sessionEpoch()) {
                throw new IllegalStateException("lost the lock while becoming active");
            }
            if (lease.lapsed()) {
                throw new IllegalStateException("no word from ZooKeeper for " + session.sinceLastHeard().toMillis()
                        + " ms; not becoming active on a stale lease");
            }
            held.set(term);
            lease.began(term);
            service.activate(term.token());
            if (held.get() != term) {
                throw new IllegalStateException("the term was revoked while the service became active (lease or session)");
            }
            refusalsInARow.set(0);
            refusal = null;
            setState(ElectorState.ACTIVE);
            LOG.info("{}: active in term {} (epoch {})", name, term.version(), term.token());
        } catch (Exception e) {
            held.set(null);
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            refusal = why;
            int n = refusalsInARow.incrementAndGet();
            LOG.warn("{}: could not become active ({}); leaving the lock and retrying in {} ms (attempt {} in a row)",
                    name, why, options.rejoinBackoff().toMillis(), n);
            demote("failed to become active");
            znodes.deleteOwnLock();
            setState(ElectorState.NEUTRAL);
            scheduleRejoin();
        }
    }

    /** The service would not compete this round: say why (once, and whenever the reason changes), ask again later. */
    private void notCompeting(String why) {
        if (!why.equals(notCompeting)) {
            LOG.warn("{}: not competing for {}: {}", name, options.lockPath(), why);
        }
        notCompeting = why;
        scheduleRejoin();
    }

    private void quit(boolean needFence) {
        boolean wasActive = service.isActive();
        wantToBeInElection = false;
        cancelRejoin();
        boolean standby = demote(needFence ? "quitting the election, fencing needed" : "quitting the election gracefully");
        if (wasActive && !needFence && standby) {
            znodes.deleteOwnBreadcrumb(); // the service is standby: nobody needs to fence it (the epoch stays)
        }
        refusalsInARow.set(0);
        refusal = null;
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
            service.neutral();
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

    /** Shows the listener a lock another session holds; true when it cleared it (a stale lock of its own). */
    private boolean heldByAnother(Stat lock) {
        try {
            return service.lockHeldByAnother(lock);
        } catch (Exception e) {
            LOG.warn("{}: could not judge the lock's holder ({}); standing by", name, e.toString());
            return false;
        }
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
     * Tells the service to stop being active, once. Called on the loop (and by {@link #close()} when the loop is
     * stuck).
     *
     * @return false when the service said it could not become standby (it may still be active)
     */
    private boolean demote(String why) {
        held.set(null); // first, before anything else can run: no fenced write once demotion began
        lease.ended();
        return service.standby(why);
    }

    /**
     * How long our session is sure to outlive any rival: {@link SessionTracker#safeWindow()} less the time since the
     * last heartbeat the quorum answered was sent (so this errs short). Zero or less when it may have expired, and
     * zero before a session is negotiated. What a lease we grant onward must end within.
     */
    public Duration sessionLeft() {
        return lease.sessionLeft();
    }

    /**
     * Leaves the election for good: the service is made standby, then our lock (if we hold it) is given up so that
     * another node can win while this process lives on, then the host is told. The host decides whether to exit.
     */
    private void failFatally(String reason, Throwable cause) {
        LOG.error("{}: {}", name, reason);
        wantToBeInElection = false;
        cancelRejoin();
        demote(reason);
        znodes.deleteOwnLock();
        setState(ElectorState.CLOSED);
        service.fatal(reason, cause);
    }

    /**
     * Something escaped a step of the loop (a bug, or the JVM running out of memory in the middle of an activation):
     * the elector no longer knows where it stands, so it must not sit on the lock. It leaves the election as a fatal
     * error; a host that exits on it (every hakeeper daemon does) is restarted by its supervisor.
     */
    private void loopFailed(Throwable failure) {
        if (state == ElectorState.CLOSED) {
            return;
        }
        LOG.error(name + ": a step of the elector failed unexpectedly", failure);
        failFatally("the elector failed unexpectedly (" + failure + "); it left the election: restart this process",
                failure);
    }

    private void scheduleRejoin() {
        cancelRejoin();
        retryNotBefore = System.nanoTime() + options.rejoinBackoff().toNanos();
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
            lease.close();
            session.close();
            setState(ElectorState.CLOSED);
        }
    }
}
