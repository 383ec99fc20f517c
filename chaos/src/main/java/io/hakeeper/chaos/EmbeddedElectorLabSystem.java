package io.hakeeper.chaos;

import io.hakeeper.core.fencing.EpochLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A system whose would-be actives run hakeeper's elector inside themselves (ResourceManagers, HBase master agents):
 * one process per host, nothing apart from it to kill, pause or cut it from, no health check and no fencing method
 * (the term's epoch and the lease are the fence), and a crash noticed only when its session expires. What differs is
 * what each process runs and what is checked at the end.
 */
abstract class EmbeddedElectorLabSystem implements LabSystem {
    private final List<String> hosts;
    private final Path dir;
    private final Map<String, LabProcess> byHolder = new LinkedHashMap<>();
    private final LedgerEvidence evidence;

    /** @param ordersWrites see {@link LedgerEvidence}: whether the ledger itself is the fenced resource */
    EmbeddedElectorLabSystem(String group, List<String> hosts, Path dir, boolean ordersWrites) {
        this.hosts = List.copyOf(hosts);
        this.dir = dir;
        this.evidence = new LedgerEvidence(group, ledgerFile(), ordersWrites);
    }

    /** Adds the process of the would-be active that records itself in the ledger as {@code holder}. */
    final void add(String holder, LabProcess process) {
        byHolder.put(holder, process);
    }

    final Path dir() {
        return dir;
    }

    final Path ledgerFile() {
        return dir.resolve("ledger");
    }

    @Override
    public final List<String> hosts() {
        return hosts;
    }

    @Override
    public final LedgerEvidence evidence() {
        return evidence;
    }

    @Override
    public final EpochLedger ledger() {
        return EpochLedger.atFile(ledgerFile());
    }

    @Override
    public void prepare() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // nothing to format: the first active makes what it needs, as the real masters do
    }

    @Override
    public final List<LabProcess> processes() {
        return List.copyOf(byHolder.values());
    }

    @Override
    public final List<String> holders() {
        return List.copyOf(byHolder.keySet());
    }

    @Override
    public final String hostOf(String holder) {
        return byHolder.get(holder).host();
    }

    @Override
    public final LabProcess master(String holder) {
        return byHolder.get(holder);
    }

    @Override
    public final LabProcess controller(String holder) {
        return byHolder.get(holder); // the elector runs inside the master
    }

    @Override
    public final boolean supports(FaultKind kind) {
        return switch (kind) {
            case KILL_CONTROLLER, PAUSE_CONTROLLER, PARTITION_CUT_MASTER_FROM_CONTROLLER, HEALTH_FLAP, HEALTH_HANG,
                    FENCE_FAILS, FENCE_HANGS -> false;
            default -> true;
        };
    }

    @Override
    public final boolean crashNoticedAtOnce() {
        return false; // the other wins when the dead one's session expires
    }

    @Override
    public final boolean answers() {
        return byHolder.values().stream().allMatch(p -> p.isAlive() && !p.paused());
    }

    @Override
    public final String describe() {
        StringBuilder sb = new StringBuilder();
        byHolder.values().forEach(p -> sb.append(p.name()).append(p.isAlive() ? (p.paused() ? " paused" : " up") : " dead").append("; "));
        return sb.toString();
    }
}
