package io.hakeeper.zkfc;

import io.hakeeper.testkit.SplitBrainChecker;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The split-brain checker for real NameNodes, which stamp nothing with our epochs: a thread asks every NameNode,
 * round after round, whether it is active. Each time a NameNode is seen turning active it acquires the next epoch in
 * the ledger; every round in which it is seen active is a write with its epoch. A NameNode still active after
 * another one acquired a later epoch (two actives at once) is a stale write, which the checker reports.
 */
final class NameNodeStateWatch implements AutoCloseable {
    private final List<String> nodes;
    private final Predicate<String> isActive;
    private final SplitBrainChecker checker;
    private final Map<String, Long> epochs = new HashMap<>();
    private final Map<String, Boolean> wasActive = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long epoch;
    private volatile long rounds;

    NameNodeStateWatch(List<String> nodes, Predicate<String> isActive, SplitBrainChecker checker) {
        this.nodes = List.copyOf(nodes);
        this.isActive = isActive;
        this.checker = checker;
        this.thread = new Thread(this::run, "namenode-state-watch");
        this.thread.setDaemon(true);
    }

    NameNodeStateWatch start() {
        thread.start();
        return this;
    }

    long rounds() {
        return rounds;
    }

    private void run() {
        while (!stopped) {
            Map<String, Boolean> now = new LinkedHashMap<>();
            for (String nn : nodes) {
                now.put(nn, isActive.test(nn));
            }
            // acquisitions first, then one write per active node: two actives in one round are caught at once
            now.forEach((nn, active) -> {
                if (active && !wasActive.getOrDefault(nn, false)) {
                    epochs.put(nn, ++epoch);
                    checker.acquired(nn, epoch);
                }
            });
            now.forEach((nn, active) -> {
                if (active) {
                    checker.wrote(nn, epochs.get(nn), "active");
                }
            });
            wasActive.putAll(now);
            rounds++;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(10_000);
    }
}
