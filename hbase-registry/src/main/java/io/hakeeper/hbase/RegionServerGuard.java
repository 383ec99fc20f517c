package io.hakeeper.hbase;

import io.hakeeper.core.health.HealthCheck;
import io.hakeeper.core.health.HealthState;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.core.zk.SessionTracker;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar for a real RegionServer, which registers itself: watch-only, it never writes under {@code /hbase/rs}.
 * It watches the RegionServer's own registration (by host and port, any start code) and stops the RegionServer,
 * through an operator's command, in two cases:
 * <ul>
 *   <li><b>this host is cut from ZooKeeper</b>: no word from the quorum for {@code leaseFraction} of the session
 *       timeout (the RegionServer's own, asked for by this guard's session too, so both are granted the same). The
 *       RegionServer's client pings only after a third of its session of silence, so the quorum may have last heard
 *       of it a third of a session before the cut, and may expire it two thirds of a session after; stopping at half
 *       the session (the default) stops it before the master can declare it dead and split its logs (the HBASE-22918
 *       class). The lease is proven by quorum writes ({@link SessionTracker.Evidence#QUORUM_WRITE}), so a ZooKeeper
 *       server cut off from its leader cannot keep it alive, and it is watched on a thread of its own, so a stuck
 *       ZooKeeper call cannot delay the stop. A quorum that is down for everyone is not a cut: no session can expire
 *       without a leader, and a new leader gives every session a whole timeout. So once half the lease has passed in
 *       silence the guard asks the members themselves ({@link LeaderlessQuorumProbe}); a majority that answers and
 *       is electing counts as word from ZooKeeper, and no RegionServer is stopped for an outage of the quorum;</li>
 *   <li><b>a zombie</b>: the registration of the incarnation it watched is gone while that same process (its pid,
 *       read from the RegionServer's pid file when the registration appeared) still runs and passes its health
 *       check, for {@code zombieGrace}. Without a pid file this rule is off: a new incarnation starting up (alive,
 *       not yet registered, which it may stay while no master answers it) cannot be told from a zombie.</li>
 * </ul>
 * Each stop is one log line and a count in {@code hakeeper_rs_guard_stops_total{reason}}; a dry run logs what it
 * would do and counts it with {@code dry_run="true"}. One incarnation (start code) is stopped at most once.
 *
 * <p>The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class RegionServerGuard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionServerGuard.class);

    /**
     * @param sessionTimeout the RegionServer's ZooKeeper session timeout ({@code zookeeper.session.timeout}); the
     *                      guard's client must ask for the same
     * @param pidFile       the RegionServer's pid file (hbase-daemon.sh writes one); null turns the zombie rule off
     * @param health        asked before a zombie stop ("still serves"); null: a live pid is enough
     * @param leaseFraction of the session timeout without word from the quorum before a stop (default 0.5)
     * @param zombieGrace   how long the registration must stay gone while the process lives
     * @param dryRun        log and count, stop nothing
     */
    public record Settings(String host, int port, Duration sessionTimeout, Path pidFile, HealthCheck health, double leaseFraction,
                           Duration zombieGrace, boolean dryRun) {
        public Settings {
            if (leaseFraction <= 0 || leaseFraction >= SessionTracker.LEASE_FRACTION) {
                throw new IllegalArgumentException("the guard's lease fraction must be above 0 and below 2/3 (the"
                        + " RegionServer's session may expire two thirds of a session after a cut), got " + leaseFraction);
            }
        }
    }

    /** Stops the RegionServer; {@code pid} is -1 when unknown. Runs on a thread of its own; may take seconds. */
    public interface Stopper {
        void stop(ServerName incarnation, long pid, String reason) throws Exception;
    }

    /**
     * A stopper that runs {@code command} with bash, with {@code HBASE_SERVER} (host,port,startcode), {@code HBASE_PID}
     * (-1 when unknown) and {@code HAKEEPER_REASON} in its environment, for at most {@code timeout}; one log line.
     */
    public static Stopper commandStopper(String command, Duration timeout) {
        return GuardStops.command(command, timeout);
    }

    enum Action { NOTHING, WATCH, UNWATCH, STOP_ZOMBIE }

    /**
     * One tick's view.
     *
     * @param registered  the registration at our host and port now (after a sync when it looked gone), null if none
     * @param watched     the incarnation being watched, null if none
     * @param stopped     the incarnation already stopped (never watched or stopped again), null if none
     * @param pidRules    a pid file is configured
     * @param watchedPidAlive the pid read when the watched incarnation appeared is still a live process
     * @param healthy     the health check passes (true without one)
     * @param goneForMs   how long the watched registration has been gone (0 while present)
     */
    record Snapshot(ServerName registered, ServerName watched, ServerName stopped, boolean pidRules,
                    boolean watchedPidAlive, boolean healthy, long goneForMs, long graceMs) {
    }

    static Action decide(Snapshot s) {
        if (s.registered() != null) {
            boolean fresh = !s.registered().equals(s.watched()) && !s.registered().equals(s.stopped());
            return fresh ? Action.WATCH : Action.NOTHING;
        }
        if (s.watched() == null) {
            return Action.NOTHING; // not started yet, or between incarnations
        }
        if (!s.pidRules() || !s.watchedPidAlive()) {
            return Action.UNWATCH; // the incarnation ended (or we cannot tell its process from a new one)
        }
        return s.healthy() && s.goneForMs() >= s.graceMs() ? Action.STOP_ZOMBIE : Action.NOTHING;
    }

    private final CuratorFramework client;
    private final HbaseZnodes znodes;
    private final Settings settings;
    private final SessionTracker session;
    private final LeaderlessQuorumProbe quorum;
    /** Checks the lease every 25 ms and never blocks: the stop and the probes run elsewhere. */
    private final ScheduledExecutorService leaseThread;
    private final ExecutorService probes;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final GuardStops stops;
    private final AgentLoop loop;

    // confined to the loop thread
    private ServerName watched;
    private long watchedPid = -1;
    private long goneSinceNanos;
    /** The incarnation the lease guards, and its pid; set by the loop, read by the lease thread. */
    private record Guarded(ServerName incarnation, long pid) {
    }

    private volatile Guarded guarded;
    /** The send time of the last probe that found the quorum electing (a majority answered, none serving). */
    private volatile long leaderlessSentNanos = Long.MIN_VALUE;
    /** The ensemble's voting members, from /zookeeper/config (0 until read, or for a standalone server). */
    private volatile int voters;
    private long votersReadNanos;
    /** When the lease thread last ran, and until when it must not act (it woke from a pause of its own). */
    private long lastCheckNanos;
    private long deferUntilNanos;
    private final long heartbeatNanos;
    private volatile String status = "starting: no registration seen yet";
    private boolean closed;

    /**
     * @param client   a started client asking for the RegionServer's session timeout (the lease is a share of it)
     * @param ensemble the connect string's members ({@code host:port,...}), asked whether the quorum is electing
     * @param metrics  where the stops are counted
     */
    public RegionServerGuard(CuratorFramework client, String ensemble, HbaseZnodes znodes, Settings settings,
            Stopper stopper, MeterRegistry metrics) {
        this.client = client;
        this.znodes = znodes;
        this.settings = settings;
        // heartbeats in proportion to the session (200 ms to 1 s): a guard beside each of a thousand RegionServers
        // must not flood the quorum with its quorum writes
        long beat = Math.max(200, Math.min(1000, settings.sessionTimeout().toMillis() / 15));
        this.heartbeatNanos = Duration.ofMillis(beat).toNanos();
        this.session = new SessionTracker(client, Duration.ofMillis(beat), SessionTracker.Evidence.QUORUM_WRITE);
        // each probe waits at most an eighth of the lease: several fit in the half that is left once probing begins
        this.quorum = new LeaderlessQuorumProbe(ensemble, Duration.ofMillis(Math.max(100, Math.min(1000,
                (long) (settings.sessionTimeout().toMillis() * settings.leaseFraction() / 8)))));
        this.leaseThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rs-guard-lease"));
        this.probes = Executors.newCachedThreadPool(r -> daemon(r, "rs-guard-probe"));
        this.stops = new GuardStops(stopper, metrics, settings.dryRun(), why -> status = why);
        this.loop = new AgentLoop("rs-guard-" + settings.host() + ":" + settings.port());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public synchronized RegionServerGuard start() {
        session.start(); // a second start() fails here
        leaseThread.scheduleWithFixedDelay(this::checkLease, 25, 25, TimeUnit.MILLISECONDS);
        if (settings.pidFile() == null) {
            LOG.warn("rs-guard {}:{}: no --pid-file: the zombie rule is off (only a cut from ZooKeeper stops the RegionServer)",
                    settings.host(), settings.port());
        }
        loop.start(this::tick, Duration.ofMillis(250));
        return this;
    }

    /** One line for status pages and the foreground command. */
    public String status() {
        return status;
    }

    private void tick() {
        try {
            if (!session.isConnected() || silence() >= session.leaseBudget(settings.leaseFraction()).toNanos()) {
                return; // the view would be stale; the lease, not this loop, acts on silence
            }
            readVoters();
            ServerName registered = findRegistration();
            if (registered == null && watched != null) {
                client.sync().forPath(znodes.rs()); // absence from a lagging server is no proof: ask again after a sync
                registered = findRegistration();
            }
            long now = System.nanoTime();
            if (registered != null || watched == null) {
                goneSinceNanos = 0;
            } else if (goneSinceNanos == 0) {
                goneSinceNanos = now;
            }
            boolean pidAlive = watchedPid > 0 && ProcessHandle.of(watchedPid).map(ProcessHandle::isAlive).orElse(false);
            boolean healthy = registered != null || watched == null || settings.health() == null || isHealthy();
            Snapshot s = new Snapshot(registered, watched, stops.stopped(), settings.pidFile() != null, pidAlive, healthy,
                    goneSinceNanos == 0 ? 0 : (now - goneSinceNanos) / 1_000_000, settings.zombieGrace().toMillis());
            act(decide(s), registered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (Exception e) {
            LOG.warn("rs-guard {}:{}: {} (will retry)", settings.host(), settings.port(), e.toString());
        }
    }

    private void act(Action action, ServerName registered) {
        switch (action) {
            case WATCH -> {
                release();
                long pid = readPid();
                watched = registered;
                watchedPid = pid;
                guarded = new Guarded(registered, pid);
                status = "watching " + registered + (watchedPid > 0 ? " (pid " + watchedPid + ")" : "");
                LOG.info("rs-guard: {}", status);
            }
            case UNWATCH -> {
                LOG.info("rs-guard: {} is gone and so is its process (or it cannot be told): watching for the next one", watched);
                release();
                watched = null;
                watchedPid = -1;
                status = "no registration at " + settings.host() + ":" + settings.port();
            }
            case STOP_ZOMBIE -> {
                ServerName zombie = watched;
                long pid = watchedPid;
                release();
                watched = null;
                watchedPid = -1;
                stops.stop(zombie, pid, "its registration has been gone for " + settings.zombieGrace().toMillis()
                        + " ms while its process (pid " + pid + ") still runs and passes its health check: a zombie", "zombie");
            }
            case NOTHING -> {
            }
        }
    }

    /** The ensemble's voting members, from /zookeeper/config, read once a minute (it changes only by reconfig). */
    private void readVoters() {
        long now = System.nanoTime();
        if (votersReadNanos != 0 && now - votersReadNanos < Duration.ofMinutes(1).toNanos()) {
            return;
        }
        votersReadNanos = now;
        try {
            String config = new String(client.getConfig().forEnsemble(), StandardCharsets.UTF_8);
            voters = (int) config.lines().filter(l -> l.startsWith("server.") && !l.contains(":observer")).count();
        } catch (Exception e) {
            LOG.debug("rs-guard: cannot read /zookeeper/config ({}); the connect string's members are the quorum", e.toString());
        }
    }

    private ServerName findRegistration() throws Exception {
        List<String> children;
        try {
            children = client.getChildren().forPath(znodes.rs());
        } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
            return null;
        }
        for (String child : children) {
            try {
                ServerName sn = ServerName.parse(child);
                if (sn.host().equals(settings.host()) && sn.port() == settings.port()) {
                    return sn;
                }
            } catch (RuntimeException notAServerName) {
                // not HBase's: ignore
            }
        }
        return null;
    }

    private boolean isHealthy() {
        return settings.health().check(Duration.ofSeconds(5)).state() == HealthState.SERVICE_HEALTHY;
    }

    private long readPid() {
        if (settings.pidFile() == null) {
            return -1;
        }
        try {
            return Long.parseLong(Files.readString(settings.pidFile(), StandardCharsets.UTF_8).trim());
        } catch (Exception e) {
            LOG.warn("rs-guard: cannot read a pid from {} ({}): the zombie rule waits for the next registration",
                    settings.pidFile(), e.toString());
            return -1;
        }
    }

    private void release() {
        guarded = null;
    }

    /**
     * How long (nanoseconds) since the last word from ZooKeeper: the send time of the last heartbeat the quorum
     * answered, or of the last probe that found it electing, whichever is later.
     */
    private long silence() {
        long now = System.nanoTime();
        long heard = now - session.sinceLastHeard().toNanos();
        long leaderless = leaderlessSentNanos;
        return now - (leaderless == Long.MIN_VALUE ? heard : Math.max(heard, leaderless));
    }

    /** On the lease thread, every 25 ms: never blocks, never throws (an exception would end the schedule). */
    private void checkLease() {
        try {
            checkLeaseOnce();
        } catch (RuntimeException e) {
            LOG.error("rs-guard: the lease check failed: {}", e.toString());
        }
    }

    private void checkLeaseOnce() {
        long now = System.nanoTime();
        if (lastCheckNanos != 0 && now - lastCheckNanos > Duration.ofMillis(500).toNanos()) {
            // this process was paused itself (GC, CPU throttling): its silence is its own; give the heartbeat one
            // round to prove the session before judging the host cut
            deferUntilNanos = now + 2 * heartbeatNanos + Duration.ofMillis(100).toNanos();
            LOG.warn("rs-guard: the lease check ran {} ms late (this process paused); judging again after a heartbeat",
                    (now - lastCheckNanos) / 1_000_000);
        }
        lastCheckNanos = now;
        if (now - deferUntilNanos < 0) {
            return;
        }
        Guarded g = guarded;
        long budget = session.leaseBudget(settings.leaseFraction()).toNanos();
        if (g == null || g.incarnation().equals(stops.stopped()) || budget == 0) {
            return;
        }
        long silent = silence();
        if (silent >= budget / 2 && probing.compareAndSet(false, true)) {
            probes.execute(this::probeQuorum);
        }
        if (silent >= budget) {
            stops.stop(g.incarnation(), g.pid(), "no word from the ZooKeeper quorum for " + silent / 1_000_000 + " ms of the "
                    + session.negotiatedSessionTimeout().toMillis() + " ms session, and no sign that the quorum itself is"
                    + " down: stopping it before the master can declare it dead", "cut");
        }
    }

    private void probeQuorum() {
        try {
            long sent = System.nanoTime();
            if (quorum.leaderlessMajority(probes, voters)) {
                leaderlessSentNanos = sent;
                LOG.info("rs-guard: no word from ZooKeeper, but a majority of its members is electing a leader: no"
                        + " session can expire meanwhile; not stopping the RegionServer for that");
            }
        } catch (RuntimeException e) {
            LOG.warn("rs-guard: probing the quorum failed: {}", e.toString());
        } finally {
            probing.set(false);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        leaseThread.shutdownNow();
        probes.shutdownNow();
        session.close();
        stops.close();
    }
}
