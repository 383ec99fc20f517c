package io.hakeeper.core.zk;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection facts every daemon needs, in one place:
 * <ul>
 *   <li>the current session id, and a <em>session epoch</em> that goes up by one with every new session, so work
 *       started under an earlier session can be recognised and dropped ({@link #isCurrent(long)});</li>
 *   <li>the monotonic time we last heard from ZooKeeper, refreshed by a cheap {@code exists("/")} heartbeat,
 *       so a lease can be measured without trusting wall clocks ({@link #sinceLastHeard()}).</li>
 * </ul>
 * The heartbeat exists because ZooKeeper's client hides its own pings: without it, "last heard" could only be
 * updated at connection events, which come 2/3 of a session timeout late.
 *
 * <p>What a heartbeat proves depends on its {@link Evidence}. A read ({@code exists("/")}) is answered by whichever
 * server we are connected to, from its own copy: a follower cut off from its leader goes on answering reads and our
 * pings for up to its syncLimit, while the leader, hearing nothing of us, expires our session. The chaos lab caught an
 * active master kept alive that way for 350 ms after the other had won. A quorum write (a {@code multi} of one
 * {@code check("/")}: it changes nothing and fires no watch) is answered only after the leader committed it with a
 * majority, and the leader had heard of us (relayed by our follower's pings, every half tick) no longer than half a
 * tick and one heartbeat before that. With a tick of at most half the session (ZooKeeper's minimum session is two
 * ticks), the earliest our session can expire is {@link #safeWindow()} after the heartbeat was sent: three quarters of
 * the session timeout, less one heartbeat interval. Lease holders use {@link Evidence#QUORUM_WRITE}.
 */
public final class SessionTracker implements AutoCloseable {
    /**
     * The share of the session timeout a lease lasts after we last heard from ZooKeeper: the client's own silence
     * limit, a third of a session before the server can expire us and someone else can win.
     */
    public static final double LEASE_FRACTION = 2.0 / 3.0;

    /** What a heartbeat's reply proves (see the class comment). */
    public enum Evidence {
        /** {@code exists("/")}: cheap, answered by our own server, which may be cut off from the quorum. */
        LOCAL_READ,
        /** A {@code multi} of one {@code check("/")}: committed by the leader with a majority, so it proves the quorum heard us. */
        QUORUM_WRITE
    }

    private static final Logger LOG = LoggerFactory.getLogger(SessionTracker.class);

    /** Told about session changes, on Curator's event thread; implementations must not block. */
    public interface Listener {
        default void newSession(long epoch, long sessionId) {
        }

        /** The connection came back and the session is the same one. */
        default void reconnected() {
        }

        default void suspended() {
        }

        default void lost() {
        }
    }

    private final CuratorFramework client;
    private final Duration heartbeatInterval;
    private final Evidence evidence;
    private final LongSupplier nanoClock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sessionId = new AtomicLong(0);
    private final AtomicLong epoch = new AtomicLong(0);
    private final AtomicLong lastHeardNanos;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean connected;
    private volatile long negotiatedMillis;
    private ScheduledExecutorService heartbeat;
    private final ConnectionStateListener stateListener = this::onStateChange;

    public SessionTracker(CuratorFramework client, Duration heartbeatInterval) {
        this(client, heartbeatInterval, Evidence.LOCAL_READ, System::nanoTime);
    }

    public SessionTracker(CuratorFramework client, Duration heartbeatInterval, Evidence evidence) {
        this(client, heartbeatInterval, evidence, System::nanoTime);
    }

    public SessionTracker(CuratorFramework client, Duration heartbeatInterval, LongSupplier nanoClock) {
        this(client, heartbeatInterval, Evidence.LOCAL_READ, nanoClock);
    }

    public SessionTracker(CuratorFramework client, Duration heartbeatInterval, Evidence evidence, LongSupplier nanoClock) {
        this.client = client;
        this.heartbeatInterval = heartbeatInterval;
        this.evidence = evidence;
        this.nanoClock = nanoClock;
        this.lastHeardNanos = new AtomicLong(nanoClock.getAsLong());
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("SessionTracker already started");
        }
        client.getConnectionStateListenable().addListener(stateListener);
        if (client.getZookeeperClient().isConnected()) {
            onStateChange(client, ConnectionState.CONNECTED);
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "zk-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(20, heartbeatInterval.toMillis());
        heartbeat.scheduleWithFixedDelay(this::beat, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** The session we hold now, 0 while we have none. */
    public long sessionId() {
        return sessionId.get();
    }

    /** Goes up by one with every new session; 0 before the first. */
    public long sessionEpoch() {
        return epoch.get();
    }

    /** True while work started under {@code sessionEpoch} still belongs to the current session. */
    public boolean isCurrent(long sessionEpoch) {
        return connected && sessionEpoch == epoch.get();
    }

    /** Wraps a callback so that it runs only if the session it was created under is still the current one. */
    public Runnable guard(Runnable callback) {
        long captured = epoch.get();
        return () -> {
            if (captured == epoch.get()) {
                callback.run();
            } else {
                LOG.debug("dropped a callback from session epoch {} (now {})", captured, epoch.get());
            }
        };
    }

    public boolean isConnected() {
        return connected;
    }

    /** The session timeout the server granted (it may differ from the one asked for); 0 before the first session. */
    public Duration negotiatedSessionTimeout() {
        long cached = negotiatedMillis;
        return cached > 0 ? Duration.ofMillis(cached) : liveSessionTimeout();
    }

    private Duration liveSessionTimeout() {
        try {
            return Duration.ofMillis(client.getZookeeperClient().getZooKeeper().getSessionTimeout());
        } catch (Exception e) {
            return Duration.ZERO;
        }
    }

    /**
     * How long after a heartbeat was sent our session is sure to be alive at the leader: for {@link
     * Evidence#QUORUM_WRITE}, three quarters of the negotiated timeout less one heartbeat interval (see the class
     * comment); for {@link Evidence#LOCAL_READ} nothing is proven and the whole timeout is returned, as before. Zero
     * before a session is negotiated.
     */
    public Duration safeWindow() {
        Duration timeout = negotiatedSessionTimeout();
        if (timeout.isZero() || evidence == Evidence.LOCAL_READ) {
            return timeout;
        }
        Duration w = timeout.multipliedBy(3).dividedBy(4).minus(heartbeatInterval);
        return w.isNegative() ? Duration.ZERO : w;
    }

    /** How long since we last heard from ZooKeeper, on the monotonic clock. */
    public Duration sinceLastHeard() {
        return Duration.ofNanos(nanoClock.getAsLong() - lastHeardNanos.get());
    }

    /**
     * The lease rule every holder of anything through this session shares (the elector's terms, the agents' holds):
     * the lease has lapsed once nothing was heard from ZooKeeper for {@link #leaseBudget(double)}. Before a session is
     * negotiated, it holds only while connected.
     */
    public boolean leaseLapsed(double fraction) {
        Duration budget = leaseBudget(fraction);
        return budget.isZero() ? !connected : sinceLastHeard().compareTo(budget) >= 0;
    }

    /**
     * How long a lease lasts after the last heartbeat's send time: {@code fraction} of the negotiated session, or less
     * when the evidence proves less: a tenth of the session kept clear before the earliest moment the leader could
     * expire us ({@link #safeWindow()}). Zero before a session is negotiated.
     */
    public Duration leaseBudget(double fraction) {
        Duration timeout = negotiatedSessionTimeout();
        if (timeout.isZero()) {
            return Duration.ZERO;
        }
        long safeNanos = safeWindow().minus(timeout.dividedBy(10)).toNanos();
        return Duration.ofNanos(Math.max(1, Math.min((long) (timeout.toNanos() * fraction), safeNanos)));
    }

    private void beat() {
        if (!connected) {
            return;
        }
        try {
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            long sid = zk.getSessionId();
            // the send time, not the reply time: the server heard from us no earlier than this, so a lease measured
            // from it can never outlast the server's own clock for our session
            long sentNanos = nanoClock.getAsLong();
            if (evidence == Evidence.QUORUM_WRITE) {
                zk.multi(List.of(Op.check("/", -1)), (rc, path, ctx, results) -> {
                    if (rc == KeeperException.Code.OK.intValue() && sid == sessionId.get()) {
                        lastHeardNanos.accumulateAndGet(sentNanos, Math::max);
                    }
                }, null);
                return;
            }
            zk.exists("/", false, (rc, path, ctx, stat) -> {
                if (rc == KeeperException.Code.OK.intValue() && sid == sessionId.get()) {
                    lastHeardNanos.accumulateAndGet(sentNanos, Math::max);
                }
            }, null);
        } catch (Exception e) {
            LOG.debug("heartbeat not sent: {}", e.toString());
        }
    }

    private void onStateChange(CuratorFramework c, ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                long sid = liveSessionId();
                // kept, so that a lease check (on a thread that must never block) reads a field, not the client
                negotiatedMillis = liveSessionTimeout().toMillis();
                connected = true;
                boolean fresh = sid != sessionId.getAndSet(sid);
                // not a stamp of "now": this event comes when the handshake's reply arrived, and the server heard us
                // when it was sent, which may be long before. A heartbeat now stamps its own send time, and its reply
                // comes before that of any request sent after it on this connection.
                beat();
                if (fresh) {
                    long e = epoch.incrementAndGet();
                    LOG.info("ZooKeeper session 0x{} established (session epoch {})", Long.toHexString(sid), e);
                    listeners.forEach(l -> l.newSession(e, sid));
                } else if (state == ConnectionState.RECONNECTED) {
                    listeners.forEach(Listener::reconnected);
                }
                // else: Curator's own CONNECTED for the session start() already announced (its events are delivered
                // later, on its thread): not a reconnection (a SessionLeaseIT run took it for one)
            }
            case SUSPENDED -> {
                connected = false;
                LOG.warn("ZooKeeper connection suspended; last heard {} ms ago", sinceLastHeard().toMillis());
                listeners.forEach(Listener::suspended);
            }
            case LOST -> {
                connected = false;
                sessionId.set(0);
                LOG.warn("ZooKeeper session lost; everything bound to it (ephemerals, watches, leadership) is gone");
                listeners.forEach(Listener::lost);
            }
            default -> {
            }
        }
    }

    /** The session id of the client's ZooKeeper handle right now (0 without one), not waiting for events. */
    public long liveSessionId() {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        client.getConnectionStateListenable().removeListener(stateListener);
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
    }
}
