package io.hakeeper.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One chaos campaign: start the lab, throw the seeded schedule at it round by round, wait after each round for the
 * lab to converge (exactly one active within 2 T) and recover, then run every checker over the evidence and write the
 * report. The schedule, the report, the HTML timeline and every process's log stay in the campaign's folder.
 * The constructor does no I/O; {@link #close()} tears the lab down and is idempotent.
 */
public final class Campaign implements AutoCloseable {
    private final CampaignOptions options;
    private final LabRun run;
    private final List<FaultInjector.Applied> applied = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<Violation> endViolations = new ArrayList<>();
    private int roundNumber;

    public Campaign(CampaignOptions options) {
        this.options = options;
        this.run = new LabRun(options.dir(), options.sessionTimeoutMs(), options.labUnsafe(), options.systems(),
                options.ensembleSize());
    }

    public CampaignResult run(PrintWriter out) {
        String unavailable = Lab.unavailableReason();
        if (unavailable != null) {
            throw new LabUnavailableException(unavailable);
        }
        long t = options.sessionTimeoutMs();
        // More plans than faults: a plan whose target another fault of its round holds is skipped, not counted.
        List<List<FaultPlan>> rounds = Schedule.generate(options.seed(), options.faults() * 2, t, options.streams(), options.kinds());
        freshFolder(options.dir());
        writeSchedule(rounds);
        run.start(out);
        FaultInjector injector = new FaultInjector(run.lab, run.ensemble, run.systems);
        long origin = System.nanoTime();
        for (List<FaultPlan> round : rounds) {
            if (applied.size() >= options.faults() || (options.stopAtFirstViolation() && !currentViolations().isEmpty())) {
                break;
            }
            try {
                playRound(round, injector, out);
                if (options.stopAtFirstViolation()) {
                    endChecks(out); // a proof run stops at the round that shows the violation, the store's too
                }
            } catch (StuckException stuck) {
                // The lab did not come back: that is the finding. Report it with everything gathered so far.
                violations.add(new Violation(stuck.checker, System.nanoTime(), stuck.getMessage()));
                out.println("the lab did not recover: " + stuck.getMessage() + "; stopping the campaign");
                break;
            }
        }
        endChecks(out);
        long end = System.nanoTime();
        List<Violation> all = violationsUntil(end);
        List<Interval> intervals = new ArrayList<>();
        java.util.Map<FaultInjector.Applied, FaultOutcome> outcomeOf = new java.util.LinkedHashMap<>();
        applied.forEach(a -> outcomeOf.put(a, null));
        long accepted = 0, refused = 0, staleAccepted = 0;
        List<String> systemLines = new ArrayList<>();
        for (LabSystem sys : run.systems) {
            LedgerEvidence e = sys.evidence();
            List<Interval> mine = e.intervals(end);
            intervals.addAll(mine);
            String group = e.group();
            List<FaultInjector.Applied> concerning = applied.stream().filter(a -> a.concerns(group)).toList();
            long firstActive = mine.isEmpty() ? origin : Math.max(origin, mine.get(0).startNanos());
            List<FaultOutcome> outcomes = Checks.outcomes(group, concerning, mine, e.acquisitions(), t, firstActive, end, all);
            for (int i = 0; i < concerning.size(); i++) {
                outcomeOf.merge(concerning.get(i), outcomes.get(i), FaultOutcome::worse);
            }
            accepted += e.accepted();
            refused += e.refused();
            staleAccepted += e.staleAccepted();
            systemLines.add(sys.name() + " (" + group + "): " + e.accepted() + " writes accepted, " + e.refused()
                    + " stale writes refused, " + e.staleAccepted() + " stale writes accepted, " + e.acquiredEpochs().size() + " terms");
            systemLines.addAll(sys.reportLines());
        }
        intervals.sort(Comparator.comparingLong(Interval::startNanos));
        all.sort(Comparator.comparingLong(Violation::atNanos));
        CampaignResult result = new CampaignResult(options, List.copyOf(outcomeOf.values()), all, accepted, refused, staleAccepted,
                systemLines, new Timeline(origin, intervals, applied.stream().map(FaultInjector.Applied::window).toList(), all));
        result.write(options.dir());
        return result;
    }

    /**
     * Applies the round's faults at their offsets, heals each when its duration has passed since it was applied, then
     * waits for convergence.
     */
    private void playRound(List<FaultPlan> round, FaultInjector injector, PrintWriter out) {
        record Event(long atNanos, FaultPlan plan, FaultInjector.Applied healing) {
        }
        long start = System.nanoTime();
        java.util.PriorityQueue<Event> events = new java.util.PriorityQueue<>(Comparator.comparingLong(Event::atNanos));
        for (FaultPlan p : round) {
            events.add(new Event(start + p.offsetMs() * 1_000_000, p, null));
        }
        while (!events.isEmpty()) {
            Event e = events.poll();
            long wait = (e.atNanos() - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                LabRun.sleep(wait);
            }
            if (e.healing() == null) {
                long inForce = events.stream().filter(ev -> ev.healing() != null).count();
                FaultInjector.Applied a = applied.size() + inForce >= options.faults() ? null : injector.apply(e.plan());
                if (a != null) {
                    events.add(new Event(a.startNanos + e.plan().durationMs() * 1_000_000, e.plan(), a));
                }
            } else {
                FaultInjector.Applied a = e.healing();
                a.heal();
                applied.add(a);
                out.println(String.format("fault %d/%d %s on %s: %d ms", applied.size(), options.faults(),
                        a.plan.kind().reportName(), a.target, (a.endNanos - a.startNanos) / 1_000_000));
                out.flush();
            }
        }
        long healed = System.nanoTime();
        roundNumber = round.get(0).round();
        long convergedMs = awaitConvergence();
        out.println(String.format("round %d: faults %d ms, one active %d ms after the last heal, all up after %d ms",
                round.get(0).round(), (healed - start) / 1_000_000, convergedMs, (System.nanoTime() - healed) / 1_000_000));
        out.flush();
    }

    /**
     * Waits for ZooKeeper to have a leader again, then for one active per system (the 2 T bound, counted from when
     * ZooKeeper could serve them: after a partition that left no majority, the ensemble's own election and sync come
     * first, and nothing of ours can act before it), then for every process to be up; returns the wait for one
     * active, from the last heal, in ms.
     */
    private long awaitConvergence() {
        long t = options.sessionTimeoutMs();
        long healed = System.nanoTime();
        try {
            LabRun.await(() -> run.ensemble.leader() != null, java.time.Duration.ofSeconds(60), "a ZooKeeper leader");
        } catch (LabException never) {
            throw new StuckException("recovery", "the ensemble had no leader 60 s after round " + roundNumber + " healed: "
                    + run.describeProcesses());
        }
        long quorumBack = System.nanoTime();
        try {
            LabRun.await(run::converged, java.time.Duration.ofMillis(2 * t), "convergence");
        } catch (LabException notWithin2T) {
            violations.add(new Violation("convergence", healed, "no single active within 2 T (" + 2 * t + " ms) of the"
                    + " ensemble having a leader again (" + (quorumBack - healed) / 1_000_000 + " ms after the last heal)"
                    + " (" + run.actingNow() + ")"));
            try {
                LabRun.await(run::converged, java.time.Duration.ofSeconds(60), "convergence after a missed bound");
            } catch (LabException never) {
                throw new StuckException("convergence", "no single active 60 s after the last heal of round "
                        + roundNumber + " (" + run.actingNow() + " controllers: " + run.describeControllers() + ")");
            }
        }
        long convergedMs = (System.nanoTime() - healed) / 1_000_000;
        try {
            LabRun.await(run::allUp, java.time.Duration.ofSeconds(90), "every process of the lab to be back up");
        } catch (LabException never) {
            throw new StuckException("recovery", "not every process was back up 90 s after round " + roundNumber
                    + " healed: " + run.describeProcesses());
        }
        // A restarted controller rejoins the election after it answers; give it a moment so the next round's target
        // is chosen from a settled lab.
        LabRun.sleep(200);
        return convergedMs;
    }

    /** The lab did not come back after a round: the campaign stops and reports it as a violation. */
    private static final class StuckException extends RuntimeException {
        final String checker;

        StuckException(String checker, String message) {
            super(message);
            this.checker = checker;
        }
    }

    private List<Violation> currentViolations() {
        return violationsUntil(System.nanoTime());
    }

    /**
     * Everything found so far: the campaign's own (stuck lab, convergence, the systems' end checks), each ledger's,
     * and overlapping actives in each group.
     */
    private List<Violation> violationsUntil(long end) {
        List<Violation> now = new ArrayList<>(violations);
        now.addAll(endViolations);
        for (LabSystem sys : run.systems) {
            LedgerEvidence e = sys.evidence();
            e.catchUp();
            now.addAll(e.violations());
            now.addAll(Checks.overlaps(e.intervals(end)));
        }
        return now;
    }

    /** The systems' checks of their end state (the RM store against its ledger); the latest result replaces the last. */
    private void endChecks(PrintWriter out) {
        List<Violation> found = new ArrayList<>();
        for (LabSystem sys : run.systems) {
            found.addAll(sys.endChecks(out));
        }
        endViolations.clear();
        endViolations.addAll(found);
    }

    /**
     * An earlier campaign's folder (it holds schedule.txt) is emptied: its ledger and ZooKeeper data would otherwise be
     * read as this campaign's evidence. Any other non-empty folder is refused.
     */
    static void freshFolder(java.nio.file.Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                return;
            }
            boolean empty;
            try (var list = Files.list(dir)) {
                empty = list.findAny().isEmpty();
            }
            if (empty) {
                return;
            }
            if (!Files.exists(dir.resolve("schedule.txt"))) {
                throw new LabException(dir + " is not empty and holds no earlier campaign: give another --dir");
            }
            try (var walk = Files.walk(dir)) {
                for (java.nio.file.Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) { // the folder itself stays (it may be a mount point)
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new LabException("cannot empty " + dir + " for a new campaign: " + e.getMessage());
        }
    }

    private void writeSchedule(List<List<FaultPlan>> rounds) {
        StringBuilder s = new StringBuilder("# hakeeper chaos schedule: seed " + options.seed() + ", " + options.faults()
                + " faults, T " + options.sessionTimeoutMs() + " ms, " + options.streams() + " stream(s), unsafe "
                + options.labUnsafe() + "\n# round id kind offset_ms duration_ms pick\n");
        for (List<FaultPlan> r : rounds) {
            for (FaultPlan p : r) {
                s.append(p.round()).append(' ').append(p.id()).append(' ').append(p.kind().reportName()).append(' ')
                        .append(p.offsetMs()).append(' ').append(p.durationMs()).append(' ').append(p.pick()).append('\n');
            }
        }
        try {
            Files.createDirectories(options.dir());
            Files.writeString(options.dir().resolve("schedule.txt"), s.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        run.close();
    }
}
