package io.hakeeper.chaos;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The split brain the chaos lab found (seed 20261202, fault 101), replayed on purpose. The active controller's
 * ZooKeeper client sits on a follower; that follower is cut from its leader, and the active's host from the other
 * master's. The follower goes on answering the active's reads and pings until its syncLimit runs out, while the
 * leader, hearing nothing of the active, expires its session; the other controller wins, cannot reach the old master
 * to fence it gracefully, and makes its own active. A lease measured from the follower's answers kept the old master
 * acting after that; a lease measured from quorum writes ends before it.
 */
public final class StaleFollowerScenario {
    /**
     * What happened: every violation the checkers found, who was active before, whether the other took over while
     * the cut lasted, how long after the cut the old active stopped acting (its interval's end), and the steps taken.
     */
    public record Outcome(List<Violation> violations, String activeBefore, boolean tookOverDuringCut, long stoodDownAfterCutMs,
                          List<String> steps) {
    }

    private StaleFollowerScenario() {
    }

    /** The active master, its host, the follower its controller now talks to, that follower's leader, and the rules that keep it there. */
    private record Placement(String active, String activeHost, String follower, String leader, List<Firewall.Rule> rules) {
    }

    /**
     * Moves the active controller's client to a follower by cutting its host from every other member. The move can
     * cost the active its lease (the client needs up to 2/3 T to notice its server is gone), and then the other master
     * takes over on a host that was not moved: the scenario would cut the wrong host. So the move is retried until the
     * master that was active before it is still the active after it.
     */
    private static Placement placeActiveOnAFollower(LabRun run, Firewall firewall, List<String> steps) {
        for (int attempt = 1; ; attempt++) {
            LabRun.await(run::converged, Duration.ofSeconds(60), "one active before the move");
            String active = run.zkfc.evidence().actingNow().get(0);
            String activeHost = run.zkfc.hostOf(active);
            String leader = run.ensemble.leader();
            String follower = LabRun.ZK_HOSTS.stream().filter(z -> !z.equals(leader)).findFirst().orElseThrow();
            List<Firewall.Rule> onlyFollower = new ArrayList<>();
            for (String z : LabRun.ZK_HOSTS) {
                if (!z.equals(follower)) {
                    onlyFollower.addAll(Firewall.cut(run.lab, activeHost, z));
                }
            }
            firewall.add(onlyFollower);
            String address = run.lab.host(activeHost).address();
            LabRun.await(() -> follower.equals(run.ensemble.serving(address)), Duration.ofSeconds(30),
                    active + "'s controller to connect to " + follower);
            LabRun.await(run::converged, Duration.ofSeconds(60), "one active after the move");
            List<String> acting = run.zkfc.evidence().actingNow();
            if (acting.equals(List.of(active)) && leader.equals(run.ensemble.leader())) {
                return new Placement(active, activeHost, follower, leader, onlyFollower);
            }
            steps.add("move " + attempt + ": " + active + " lost the active role (or " + leader + " its leadership) while its client moved; again");
            firewall.remove(onlyFollower);
            if (attempt == 5) {
                throw new LabException("could not keep an active on a follower through 5 moves: " + steps);
            }
        }
    }

    public static Outcome run(Path dir, long sessionTimeoutMs, PrintWriter out) {
        List<String> steps = new ArrayList<>();
        try (LabRun run = new LabRun(dir, sessionTimeoutMs, "none")) {
            run.start(out);
            Firewall firewall = new Firewall(run.lab);
            Placement p = placeActiveOnAFollower(run, firewall, steps);
            String before = p.active, activeHost = p.activeHost, follower = p.follower, leader = p.leader;
            List<Firewall.Rule> onlyFollower = p.rules;
            String otherHost = ZkfcLabSystem.HOSTS.stream().filter(h -> !h.equals(activeHost)).findFirst().orElseThrow();
            steps.add(before + "'s controller on " + follower + " (leader " + leader + "); active: " + before);
            // 2. The follower loses its leader; the active's host loses the other master's.
            List<Firewall.Rule> cut = new ArrayList<>(Firewall.cut(run.lab, follower, leader));
            cut.addAll(Firewall.cut(run.lab, activeHost, otherHost));
            firewall.add(cut);
            long cutAt = System.nanoTime();
            steps.add("cut " + follower + " from " + leader + " and " + activeHost + " from " + otherHost);
            String otherMaster = run.zkfc.masters().keySet().stream().filter(n -> !n.equals(before)).findFirst().orElseThrow();
            boolean tookOver = false;
            try {
                LabRun.await(() -> {
                    run.zkfc.evidence().catchUp();
                    return run.zkfc.evidence().believeActive().contains(otherMaster);
                }, Duration.ofMillis(4 * sessionTimeoutMs),
                        otherMaster + " to become active");
                steps.add(otherMaster + " active " + (System.nanoTime() - cutAt) / 1_000_000 + " ms after the cut");
                tookOver = true;
            } catch (LabException e) {
                steps.add(otherMaster + " did not become active within 4 T");
            }
            LabRun.sleep(sessionTimeoutMs); // the old master's every chance to act on
            firewall.remove(cut);
            firewall.remove(onlyFollower);
            LabRun.await(run::converged, Duration.ofSeconds(60), "one active after the heal");
            long end = System.nanoTime();
            run.zkfc.evidence().catchUp();
            List<Violation> violations = new ArrayList<>(run.zkfc.evidence().violations());
            violations.addAll(Checks.overlaps(run.zkfc.evidence().intervals(end)));
            long stoodDown = run.zkfc.evidence().intervals(end).stream()
                    .filter(i -> i.holder().equals(before) && i.startNanos() < cutAt)
                    .mapToLong(i -> (i.endNanos() - cutAt) / 1_000_000).max().orElse(-1);
            steps.add(before + " stopped acting " + stoodDown + " ms after the cut");
            return new Outcome(violations, before, tookOver, stoodDown, steps);
        }
    }
}
