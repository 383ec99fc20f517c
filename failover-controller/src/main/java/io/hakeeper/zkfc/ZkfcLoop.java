package io.hakeeper.zkfc;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.health.HealthMonitor;
import io.hakeeper.core.health.HealthState;
import io.hakeeper.core.http.AdminServer.Response;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.zkfc.ZkfcDecision.Action;
import io.hakeeper.zkfc.ZkfcDecision.Event;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns every decision of the controller: health changes, pause and resume, cede requests, the
 * end of a cede, the preferred node's fail-back look, a master's refused lease. Each arrives as an event from its
 * own thread and is handled here in order: take a snapshot, {@link ZkfcDecision#decide}, act, log one sentence.
 * The paused and ceded state lives on this thread alone, so no check-then-act can interleave.
 */
final class ZkfcLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZkfcLoop.class);
    static final Duration QUIT_DEADLINE = Duration.ofSeconds(30);

    private final ZkfcSettings settings;
    private final NodeSpec local;
    private final Elector elector;
    private final HealthMonitor health;
    private final GracefulFailover failover;
    private final LastTransition last;
    private final Consumer<HakeeperException> stop;
    private final AgentLoop loop;

    // confined to the loop thread
    private boolean paused;
    private boolean ceded;
    private long cededUntil;
    /** When the master last became healthy or last stood down, whichever is later (System.nanoTime). */
    private long healthySince = System.nanoTime();

    private volatile boolean pausedView;

    ZkfcLoop(ZkfcSettings settings, Elector elector, HealthMonitor health, GracefulFailover failover, LastTransition last,
            Consumer<HakeeperException> stop) {
        this.settings = settings;
        this.local = settings.local();
        this.elector = elector;
        this.health = health;
        this.failover = failover;
        this.last = last;
        this.stop = stop;
        this.loop = new AgentLoop("zkfc-" + local.id());
    }

    /** Starts the loop, with the pause marker as found. */
    void start(boolean pausedNow) {
        loop.execute(() -> applyPause(pausedNow, false));
        loop.start(() -> act(Event.FAILBACK_TICK, "fail-back look"), Duration.ofSeconds(1));
    }

    boolean paused() {
        return pausedView;
    }

    // ---- events, from other threads ---------------------------------------------------------------------------

    void healthChanged(HealthState now, String reason) {
        loop.execute(() -> {
            if (now == HealthState.SERVICE_HEALTHY) {
                healthySince = System.nanoTime();
            }
            act(Event.HEALTH_CHANGED, now + " (" + reason + ")");
        });
    }

    void pauseChanged(boolean pause) {
        loop.execute(() -> applyPause(pause, true));
    }

    void leaseRanOut(long epoch, String why) {
        loop.execute(() -> act(Event.LEASE_REFUSED, "the master's lease of epoch " + epoch + " ran out (" + why + ")"));
    }

    void masterStoodDown() {
        loop.execute(() -> healthySince = System.nanoTime());
    }

    /**
     * Hadoop's cedeActive: leave the election gracefully (the master is made standby; its breadcrumb is deleted only
     * if it went) and stay out for {@code millis}; zero or less rejoins now. Waits for the loop, with a deadline.
     */
    Response cede(long millis) {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        loop.execute(() -> answer.complete(cedeNow(millis)));
        try {
            return answer.get(QUIT_DEADLINE.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return Response.text(500, local.id() + " could not cede: " + e + "\n");
        }
    }

    // ---- on the loop ------------------------------------------------------------------------------------------

    private Response cedeNow(long millis) {
        try {
            if (millis <= 0) {
                ceded = false;
                act(Event.CEDE_ENDED, "asked to rejoin");
                return Response.text(200, local.id() + " rejoins the election\n");
            }
            LOG.info("{}: asked to cede the election for {} ms", local.id(), millis);
            cededUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            ceded = true;
            elector.quitElection(false, QUIT_DEADLINE);
            last.record("ceded", "asked to step aside for " + millis + " ms");
            long until = cededUntil;
            loop.later(() -> {
                if (ceded && cededUntil == until) {
                    ceded = false;
                    act(Event.CEDE_ENDED, "the cede of " + millis + " ms ran out");
                }
            }, Duration.ofMillis(millis));
            return Response.text(200, local.id() + " ceded for " + millis + " ms\n");
        } catch (Exception e) {
            return Response.text(500, local.id() + " could not cede: " + e + "\n");
        }
    }

    private void applyPause(boolean pause, boolean announced) {
        if (pause == paused && announced) {
            return;
        }
        paused = pause;
        pausedView = pause;
        elector.setPaused(pause);
        if (!announced) {
            if (pause) {
                LOG.warn("{}: the nameservice is paused ({} exists): no transitions until `haadmin -resume`", local.id(),
                        settings.layout().pauseMarker());
            }
            return;
        }
        LOG.warn("{}: {}", local.id(), pause ? "paused by an operator: watching and reporting, no transitions"
                : "resumed: acting on the current health (" + health.state() + ")");
        if (!pause) {
            act(Event.PAUSE_CHANGED, "resumed");
        }
    }

    private ZkfcDecision.Snapshot snapshot() {
        return new ZkfcDecision.Snapshot(health.state(), elector.state(), elector.epoch() > 0, paused,
                ceded && System.nanoTime() - cededUntil < 0, local.id().equals(settings.preferredActive()),
                Duration.ofNanos(System.nanoTime() - healthySince), settings.failbackDelay());
    }

    private void act(Event event, String why) {
        ZkfcDecision.Snapshot s = snapshot();
        Action action = ZkfcDecision.decide(event, s);
        try {
            switch (action) {
                case NOTHING -> {
                    if (event == Event.HEALTH_CHANGED && s.paused()) {
                        LOG.warn("{} is {}, but the nameservice is paused: no transition", local.id(), why);
                    } else if (event == Event.HEALTH_CHANGED && s.ceded()) {
                        LOG.info("{} is {}, but it ceded the election: rejoining later", local.id(), why);
                    } else if (event == Event.LEASE_REFUSED) {
                        LOG.warn("{}: {}, but the nameservice is paused: no transition", local.id(), why);
                    }
                }
                case JOIN -> {
                    LOG.info("{} is {}: joining the election", local.id(), why);
                    elector.joinElection();
                }
                case QUIT_FENCE_NEEDED -> {
                    LOG.warn("{} is {}: quitting the election, fencing needed", local.id(), why);
                    elector.quitElection(true, QUIT_DEADLINE);
                }
                case QUIT_GRACEFULLY -> {
                    LOG.info("{} is {}: quitting the election", local.id(), why);
                    elector.quitElection(false, QUIT_DEADLINE);
                }
                case LEAVE_AND_REJOIN -> {
                    LOG.warn("{}: {}; it is standby: leaving the election so another can win, then rejoining",
                            local.id(), why);
                    elector.quitElection(false, QUIT_DEADLINE);
                    last.record("standby", "the master's lease ran out; left the election for another to win");
                    if (health.state() == HealthState.SERVICE_HEALTHY && !snapshot().ceded()) {
                        elector.joinElection();
                    }
                }
                case FAIL_BACK -> {
                    LOG.info("{} is the preferred active and has been healthy for {} ms: failing back gracefully",
                            local.id(), settings.failbackDelay().toMillis());
                    Response r = failover.run();
                    LOG.info("{}: failback: {}", local.id(), r.body().trim());
                    healthySince = System.nanoTime(); // if it did not work, wait a whole delay before trying again
                }
                case STOP -> stop.accept(new HakeeperException(ExitCode.FAILURE, "the health monitor of " + local.id()
                        + " failed: " + health.reason()));
            }
        } catch (Exception e) {
            LOG.error("{}: could not act on {} ({}): {}", local.id(), event, action, e.toString());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
