package io.hakeeper.hbase;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.health.HealthCheck;
import io.hakeeper.core.health.HealthState;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.core.util.Throttle;
import io.hakeeper.core.zk.CheckedEphemeral;
import io.hakeeper.core.zk.LeaseWatchdog;
import io.hakeeper.core.zk.SessionTracker;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a RegionServer's ephemeral {@code /hbase/rs/<host,port,startcode>} (RegionServerInfo, PBUF, HBase's
 * metadata wrapper) while the RegionServer is healthy: one loop, every tick: look, decide ({@link #decide}, a pure
 * function), act, one log line per decision.
 *
 * <ul>
 *   <li>healthy and not registered in this session: register (a checked ephemeral: a stale node of our own earlier
 *       session is replaced; one of another live session is refused, never stolen). A registration at the same host
 *       and port, under any start code, that a real RegionServer wrote (not marked by {@link HbaseBytes#ourWriter})
 *       is refused for good ({@link #failure()}), checked before the first registration and every 15 s while
 *       registered ({@link RealRegionServerCheck}): a real RegionServer that starts after the agent makes the agent
 *       withdraw its registration. A registering agent is for RegionServers that do not register themselves, never
 *       beside one that does;</li>
 *   <li>unhealthy and registered: remove the registration, so the master stops sending work;</li>
 *   <li>no word from ZooKeeper for 2/3 of the session timeout while the RegionServer may serve: run the stop-serving
 *       action, before the master can declare the server dead and reassign its regions (HBASE-22918). The
 *       registration of that session is over (removed if the session survived); the next one is made only in a
 *       new session.</li>
 * </ul>
 *
 * <p>The stop does not wait for the loop: a {@link LeaseWatchdog} on a thread of its own fires it, on a thread of its
 * own, however long a tick is stuck in a health check or a ZooKeeper call; the loop only records it afterwards.
 *
 * <p>The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent and removes the registration.
 */
public final class RegionServerAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionServerAgent.class);

    /** What the loop decides in one tick. */
    enum Action { NOTHING, REGISTER, UNREGISTER, STOPPED_BY_LEASE }

    /** What the loop looks at in one tick. */
    record Snapshot(boolean connected, long sessionId, long registeredSession, long fencedSession, boolean serving,
                    boolean healthy, boolean nodeOfFencedSession, boolean stoppedByLease) {
    }

    private final CuratorFramework client;
    private final ServerName server;
    private final HealthCheck health;
    private final Runnable stopServing;
    private final CheckedEphemeral registration;
    private final HbaseZnodes znodes;
    private final SessionTracker session;
    private final LeaseWatchdog lease;
    /** Runs the stop-serving action when the lease fires it: never on the watchdog's thread, never on the loop. */
    private final ExecutorService fencer;
    private final AgentLoop loop;
    private final Duration tick;

    // confined to the loop thread
    private long registeredSession = -1;
    private long fencedSession = -1;
    private boolean serving = true;
    private LeaseWatchdog.Hold hold;
    private final RealRegionServerCheck realRegionServer;
    private volatile HakeeperException failure;
    private boolean withdrawn; // confined to the loop thread
    /** The session whose registration the lease watchdog stopped (-1: none); written by the watchdog. */
    private volatile long stoppedByLease = -1;
    private final Throttle refusalLog = new Throttle(Duration.ofMinutes(1)); // retried every tick, logged now and then
    private volatile String status = "starting";
    private boolean closed;

    /**
     * @param health      null: always healthy
     * @param stopServing what tells the RegionServer to stop serving (a command, in the sidecar)
     */
    public RegionServerAgent(CuratorFramework client, HbaseZnodes znodes, ServerName server, HbaseMessages.RegionServerInfo info,
            String identifier, HealthCheck health, Runnable stopServing, Duration sessionTimeout) {
        this(client, znodes, server, info, identifier, health, stopServing, sessionTimeout, Duration.ofSeconds(15));
    }

    /** @param realRegionServerRecheck how often, while registered, to look for a real RegionServer at our address */
    RegionServerAgent(CuratorFramework client, HbaseZnodes znodes, ServerName server, HbaseMessages.RegionServerInfo info,
            String identifier, HealthCheck health, Runnable stopServing, Duration sessionTimeout,
            Duration realRegionServerRecheck) {
        this.client = client;
        this.server = server;
        this.health = health;
        this.stopServing = stopServing;
        byte[] data = HbaseBytes.wrap(HbaseBytes.ourWriter(identifier), HbaseMessages.regionServerInfo(info));
        this.registration = new CheckedEphemeral(client, znodes.rs(server), () -> data);
        this.znodes = znodes;
        this.realRegionServer = new RealRegionServerCheck(client, znodes, server, realRegionServerRecheck);
        // heartbeats in proportion to the session: a fleet of agents must not flood the quorum
        long beat = Math.max(100, Math.min(1000, sessionTimeout.toMillis() / 15));
        this.session = new SessionTracker(client, Duration.ofMillis(beat));
        this.lease = new LeaseWatchdog(session, SessionTracker.LEASE_FRACTION, "rs-agent-" + server);
        this.fencer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rs-fence-" + server);
            t.setDaemon(true);
            return t;
        });
        this.tick = Duration.ofMillis(Math.min(200, beat));
        this.loop = new AgentLoop("rs-agent-" + server);
    }

    public synchronized RegionServerAgent start() {
        session.start(); // a second start() fails here
        lease.start();
        loop.start(this::tick, tick);
        return this;
    }

    /** e.g. "registered in session 0x...", "unhealthy: not registered", "stopped serving: ...". */
    public String status() {
        return status;
    }

    /** Non-null once the agent found a real RegionServer at its address and withdrew for good (CONFLICT, exit 8). */
    public HakeeperException failure() {
        return failure;
    }

    static Action decide(Snapshot s) {
        // the lease watchdog, not this tick, sees the lease lapse (a tick may be stuck): here it is only recorded
        if (s.serving() && s.registeredSession() >= 0 && s.stoppedByLease()) {
            return Action.STOPPED_BY_LEASE;
        }
        if (!s.connected()) {
            return Action.NOTHING;
        }
        if (s.sessionId() == s.fencedSession()) {
            // the session survived the silence, but the RegionServer was told to stop: its registration is over
            return s.nodeOfFencedSession() ? Action.UNREGISTER : Action.NOTHING;
        }
        boolean registeredNow = s.registeredSession() == s.sessionId();
        if (s.healthy() && !registeredNow) {
            return Action.REGISTER;
        }
        if (!s.healthy() && registeredNow) {
            return Action.UNREGISTER;
        }
        return Action.NOTHING;
    }

    private void tick() {
        try {
            if (failure != null) { // withdrawn for good; should the removal have failed, it is tried again
                if (!withdrawn) {
                    registration.unregister();
                    withdrawn = true;
                }
                return;
            }
            boolean connected = session.isConnected();
            if (connected && registeredSession >= 0 && registeredSession == session.liveSessionId()
                    && withdrawnBesideARealRegionServer()) {
                return;
            }
            HealthCheck.Result h = health == null ? HealthCheck.Result.healthy() : health.check(Duration.ofSeconds(2));
            long sid = connected ? session.liveSessionId() : -1;
            boolean nodeOfFencedSession = connected && sid == fencedSession && registration.isRegistered();
            Snapshot s = new Snapshot(connected, sid, registeredSession, fencedSession, serving,
                    h.state() == HealthState.SERVICE_HEALTHY, nodeOfFencedSession,
                    registeredSession >= 0 && stoppedByLease == registeredSession);
            switch (decide(s)) {
                case STOPPED_BY_LEASE -> { // the watchdog told the RegionServer to stop; the registration of that session is over
                    releaseHold();
                    serving = false;
                    fencedSession = registeredSession;
                    registeredSession = -1;
                    status = "stopped serving: lost ZooKeeper";
                }
                case REGISTER -> {
                    if (withdrawnBesideARealRegionServer()) {
                        return;
                    }
                    try {
                        registeredSession = registration.register();
                        serving = true;
                        holdLease(registeredSession);
                        status = "registered in session 0x" + Long.toHexString(registeredSession);
                        LOG.info("{}: registered {} in session 0x{}", server, registration.path(), Long.toHexString(registeredSession));
                    } catch (HakeeperException e) {
                        status = "refused: " + e.getMessage();
                        if (refusalLog.ready()) {
                            LOG.error("{}: {}", server, e.getMessage());
                        }
                    }
                }
                case UNREGISTER -> {
                    LOG.warn("{}: {}: removing {}", server, sid == fencedSession ? "stopped serving in this session"
                            : "unhealthy (" + h.reason() + ")", registration.path());
                    registration.unregister();
                    registeredSession = -1;
                    releaseHold();
                    status = "unhealthy: not registered (" + h.reason() + ")";
                }
                case NOTHING -> {
                }
            }
        } catch (Exception e) {
            LOG.warn("{}: {} (will retry)", server, e.toString());
        }
    }

    /** Looks (when due); on a real RegionServer at our address, removes our registration and stops for good. */
    private boolean withdrawnBesideARealRegionServer() throws Exception {
        try {
            realRegionServer.checkIfDue();
            return false;
        } catch (HakeeperException real) {
            failure = real; // first: should the removal fail, the registration goes with the session when we exit
            status = "refused: " + real.getMessage();
            LOG.error("{}: {}", server, real.getMessage());
            releaseHold();
            registeredSession = -1;
            registration.unregister();
            withdrawn = true;
            return true;
        }
    }

    /** While registered in {@code sid}, the lease watchdog stops the RegionServer the moment the lease lapses. */
    private void holdLease(long sid) {
        releaseHold();
        hold = lease.holdAgainstSilence(server + "'s registration in session 0x" + Long.toHexString(sid), () -> {
            stoppedByLease = sid;
            fencer.execute(() -> {
                LOG.warn("{}: no word from ZooKeeper for 2/3 of the session: telling the RegionServer to stop serving"
                        + " before the master declares it dead", server);
                stopServing.run();
            });
            loop.wake(); // the loop records it once it is free
        });
    }

    private void releaseHold() {
        if (hold != null) {
            hold.release();
            hold = null;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        lease.close();
        loop.close();
        fencer.shutdown();
        try {
            registration.unregister();
        } catch (Exception e) {
            LOG.debug("{}: could not remove the registration on close ({}); it goes with the session", server, e.toString());
        }
        session.close();
    }
}
