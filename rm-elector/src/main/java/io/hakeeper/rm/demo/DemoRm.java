package io.hakeeper.rm.demo;

import io.hakeeper.core.fencing.EpochLedger;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.rm.RmElector;
import io.hakeeper.rm.RmListener;
import io.hakeeper.rm.RmState;
import io.hakeeper.rm.RmStateStore;
import io.hakeeper.rm.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;

/**
 * A small ResourceManager-like master for trying rm-elector out and for its failover tests: while active it submits
 * an application every tick (application_&lt;its start time&gt;_&lt;n&gt;, about 1 KB), advances it through two
 * attempts, and now and then issues a delegation token and a master key, all through the fenced store. It prints
 * one line per decision; with {@code --ledger} it records its activations and every acknowledged write for the
 * split-brain checker.
 *
 * <p>{@code --zombie} keeps writing with the store it was handed even after it is told to stand by, as a hung or
 * buggy RM would: the store's fencing must refuse every one of those writes. {@code --lab-unsafe no-epoch-check} is
 * the chaos lab's proof switch: a zombie whose writes after standing by go through an unfenced store, so they land
 * after a newer term began and the lab's store audit must catch them. Never use it anywhere else.
 *
 * <p>Each application's payload names the epoch that wrote it ({@code epoch=E}): with the znode's creation zxid that
 * says whether it landed after a newer term began (the epoch is the zxid of the multi that began its term).
 *
 * <p>Usage: {@code DemoRm --connect C --cluster ID --id RM [--session-ms 4000] [--tick-ms 100] [--ledger F] [--zombie]
 * [--lab-unsafe none|no-epoch-check]}
 */
public final class DemoRm implements RmListener {
    private final String id;
    private final EpochLedger ledger;
    private final boolean zombie;
    /** The lab's proof switch: after standing by, write through this unfenced store instead (null: never). */
    private final RmStateStore unfencedStore;
    private volatile RmElector elector;
    private final long clusterTimestamp = System.currentTimeMillis();
    private volatile RmStateStore store;
    private volatile long epoch = -1;
    private volatile boolean active;
    private volatile long activeSince;
    private volatile String fatalReason;
    /** Opens when the elector reports a fatal error: the run loop wakes at once, however long its tick. */
    private final java.util.concurrent.CountDownLatch fatalReported = new java.util.concurrent.CountDownLatch(1);
    private volatile Throwable fatalCause;
    private int next = 1;
    /** The applications in the store, oldest first: set when it becomes active, then the tick thread's alone. */
    private volatile java.util.Deque<String> kept = new java.util.ArrayDeque<>();

    /**
     * How many applications the store keeps, as a ResourceManager keeps its newest completed ones
     * ({@code yarn.resourcemanager.state-store.max-completed-applications}): the oldest is removed past it, so the
     * store, and the next active's recovery, stay the same size however long the RM runs.
     */
    public static final int KEPT_APPLICATIONS = 1000;

    private DemoRm(String id, EpochLedger ledger, boolean zombie, RmStateStore unfencedStore) {
        this.id = id;
        this.ledger = ledger;
        this.zombie = zombie || unfencedStore != null;
        this.unfencedStore = unfencedStore;
    }

    public static void main(String[] args) throws Exception {
        String connect = null, cluster = "demo-cluster", id = null;
        Path ledgerFile = null;
        long sessionMs = 4000, tickMs = 100;
        boolean zombie = false;
        String labUnsafe = "none";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--connect" -> connect = args[++i];
                case "--cluster" -> cluster = args[++i];
                case "--id" -> id = args[++i];
                case "--session-ms" -> sessionMs = Long.parseLong(args[++i]);
                case "--tick-ms" -> tickMs = Long.parseLong(args[++i]);
                case "--ledger" -> ledgerFile = Path.of(args[++i]);
                case "--zombie" -> zombie = true;
                case "--lab-unsafe" -> labUnsafe = args[++i];
                default -> {
                    System.err.println("error: unknown argument " + args[i] + ": usage: --connect C --cluster ID --id RM"
                            + " [--session-ms MS] [--tick-ms MS] [--ledger FILE] [--zombie] [--lab-unsafe none|no-epoch-check]");
                    System.exit(2);
                }
            }
        }
        if (connect == null || id == null) {
            System.err.println("error: --connect and --id are required");
            System.exit(2);
        }
        try {
            checkLabUnsafe(labUnsafe);
        } catch (HakeeperException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e.exitCode().code());
        }
        try (CuratorFramework client = ZkSettings.builder(connect).sessionTimeout(Duration.ofMillis(sessionMs)).build().connect()) {
            System.exit(run(client, cluster, id, Duration.ofMillis(tickMs), ledgerFile == null ? null : EpochLedger.atFile(ledgerFile),
                    zombie, labUnsafe).code());
        }
    }

    /**
     * Runs one demo RM on {@code client} (connected with whatever settings the caller chose: auth, ACLs, TLS) until
     * the elector gives up, and says how: {@link ExitCode#AUTH} when ZooKeeper denied us the election.
     */
    public static ExitCode run(CuratorFramework client, String cluster, String id, Duration tick, EpochLedger ledger,
            boolean zombie, String labUnsafe) throws Exception {
        checkLabUnsafe(labUnsafe);
        RmStateStore unfenced = labUnsafe.equals("no-epoch-check")
                ? new RmStateStore(client, StoreSettings.defaults(), RmStateStore.unfenced(client)) : null;
        if (unfenced != null) {
            System.out.println(id + ": UNSAFE (chaos lab switch --lab-unsafe no-epoch-check): writes on unfenced after standing by");
        }
        DemoRm rm = new DemoRm(id, ledger, zombie, unfenced);
        try (RmElector elector = new RmElector(client, RmElector.DEFAULT_BASE, cluster, id, StoreSettings.defaults(), rm)) {
            rm.elector = elector;
            elector.start();
            System.out.println(id + " started as standby in cluster " + cluster);
            while (rm.fatalReason == null) {
                rm.tick();
                rm.fatalReported.await(tick.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
        // the elector's fatal errors: ZooKeeper denied us the lock, or the elector itself failed (it left the election)
        return io.hakeeper.core.election.ElectorFailure.of(rm.fatalReason, rm.fatalCause).exitCode();
    }

    /** The lab switch's values; checked before anything connects (a usage error is exit 2, whatever the network). */
    public static void checkLabUnsafe(String labUnsafe) {
        if (!labUnsafe.equals("none") && !labUnsafe.equals("no-epoch-check")) {
            throw new HakeeperException(ExitCode.USAGE, "--lab-unsafe " + labUnsafe + " is unknown: give none or no-epoch-check");
        }
    }

    private void tick() {
        RmStateStore s = store;
        if (s == null || (!active && !zombie)) {
            return;
        }
        long e = epoch;
        int n = next++;
        String app = String.format("application_%d_%04d", clusterTimestamp, n);
        String attempt = String.format("appattempt_%d_%04d_%06d", clusterTimestamp, n, 1);
        if (!active && unfencedStore != null) {
            s = unfencedStore;
        }
        try {
            s.storeApplication(app, payload(app, "SUBMITTED epoch=" + e));
            if (ledger != null) {
                ledger.wrote(id, e, app); // the application is the acknowledged unit; its attempts follow
            }
            s.storeAttempt(app, attempt, payload(attempt, "RUNNING"));
            s.updateAttempt(app, attempt, payload(attempt, "FAILED"));
            s.storeAttempt(app, attempt.substring(0, attempt.length() - 1) + "2", payload(attempt, "RUNNING"));
            java.util.Deque<String> k = kept;
            k.addLast(app);
            while (k.size() > KEPT_APPLICATIONS) {
                String oldest = k.pollFirst();
                if (ledger != null) {
                    // before the removal: a kill between the two must not leave a retired application looking lost
                    ledger.note("REMOVED", id, oldest);
                }
                s.removeApplication(oldest);
            }
            if (n % 10 == 0) {
                s.storeToken(n, payload("token " + n, "ISSUED"));
                s.storeMasterKey(n, payload("key " + n, "CURRENT"));
            }
        } catch (Exception ex) {
            System.out.println(id + ": write of " + app + " refused: " + ex.getMessage());
        }
    }

    /** Part {@code i} of application_TIMESTAMP_SEQUENCE as a number (0 when it is not one): YARN's order of ids. */
    private static long idPart(String appId, int i) {
        String[] parts = appId.split("_");
        try {
            return parts.length > i ? Long.parseLong(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static byte[] payload(String what, String state) {
        StringBuilder sb = new StringBuilder(what).append(' ').append(state).append(' ');
        while (sb.length() < 1024) {
            sb.append('.');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void becomeActive(long epoch, long rmEpoch, RmStateStore store, RmState recovered) {
        if (ledger != null) {
            ledger.acquired(id, epoch); // before the writer thread can see the store and write with this epoch
        }
        // Two RMs started in the same millisecond share a cluster timestamp (as YARN's ids are made): go on after the
        // highest application of ours the store holds, or the next submission collides with the other's.
        String ours = "application_" + clusterTimestamp + "_";
        for (String app : recovered.applications().keySet()) {
            if (app.startsWith(ours)) {
                try {
                    next = Math.max(next, Integer.parseInt(app.substring(ours.length())) + 1);
                } catch (NumberFormatException notOurs) {
                    // not a number: not an id we made
                }
            }
        }
        java.util.List<String> inStore = new java.util.ArrayList<>(recovered.applications().keySet());
        inStore.sort(java.util.Comparator.comparingLong((String a) -> idPart(a, 1)).thenComparingLong(a -> idPart(a, 2)));
        this.kept = new java.util.ArrayDeque<>(inStore);
        this.epoch = epoch;
        this.activeSince = System.nanoTime();
        this.active = true;
        this.store = store;
        System.out.println(id + " is active (epoch " + epoch + ", store epoch " + rmEpoch + "): recovered "
                + recovered.applications().size() + " applications, " + recovered.tokens().size() + " tokens, "
                + recovered.masterKeys().size() + " master keys, sequence number " + recovered.sequenceNumber());
    }

    @Override
    public void becomeStandby() {
        if (active && ledger != null) {
            // When a lapsed lease revoked the term, nothing was written under it after the lease ran out, however
            // late this (perhaps frozen) process hears of it: that instant is when it stopped acting.
            RmElector e = elector;
            ledger.releasedAtLapseOrNow(id, epoch, activeSince, e == null ? Long.MIN_VALUE : e.lastLeaseLapseNanos(), "standby");
        }
        active = false;
        if (!zombie) {
            store = null;
        }
        System.out.println(id + " is standby" + (zombie ? " (but, a zombie, keeps writing)" : ""));
    }

    @Override
    public void fatal(String reason, Throwable cause) {
        System.out.println(id + ": fatal: " + reason);
        fatalCause = cause;
        fatalReason = reason;
        fatalReported.countDown();
    }
}
