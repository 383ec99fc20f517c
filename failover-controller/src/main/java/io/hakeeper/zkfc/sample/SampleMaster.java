package io.hakeeper.zkfc.sample;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hakeeper.core.fencing.EpochLedger;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * A small master with active and standby roles, for trying the controller out and for tests:
 * <ul>
 *   <li>{@code GET /health}: 200 {"healthy":true,...} or 503 when made unhealthy;</li>
 *   <li>{@code GET /ha/state}: {"state":"active"|"standby","epoch":N};</li>
 *   <li>{@code POST /ha/active?epoch=N[&leaseMs=L]}, {@code POST /ha/standby}: transitions; with a lease it stops
 *       acting as active once L ms pass without a renewal (on its own monotonic clock);</li>
 *   <li>{@code POST /admin/unhealthy}, {@code POST /admin/healthy}: what a failing disk would do;
 *       {@code POST /admin/hang-health}: health checks get no answer (each waits, up to a minute, until
 *       {@code /admin/healthy}), as a master stuck in a long pause of one subsystem would do.</li>
 * </ul>
 * With {@code --ledger FILE} it records every activation and, while active, a write every 20 ms, stamped with its
 * epoch: the shared resource the split-brain checker judges. It records when it stops being active too (RELEASE),
 * stamped with the moment it stopped: for a lapsed lease, the lease's deadline.
 *
 * <p>With {@code --fenced-ledger} the ledger is its fenced shared storage, as a NameNode's JournalNodes are: each write
 * is decided while active and lands about 20 ms later (it travels; the next is decided as it lands, so one is
 * always on its way), and the ledger refuses one whose epoch was
 * overtaken meanwhile. A master frozen or cut off mid-write sends exactly the stale write fencing exists for.
 *
 * <p>{@code --lab-unsafe ignore-lease|no-epoch-check} is for the chaos lab alone: it takes one safety away (the master
 * acts past its lease; the ledger accepts stale epochs) so the lab can prove its checkers catch what follows.
 *
 * <p>Run: {@code SampleMaster --id nn1 --port 9001 [--host 127.0.0.1] [--ledger FILE [--fenced-ledger]]
 * [--lab-unsafe WHAT]}.
 */
public final class SampleMaster {
    private final String id;
    private final EpochLedger ledger;
    private volatile boolean healthy = true;
    /** While set, health checks wait for it to clear (a hung health endpoint); the rest keeps answering. */
    private volatile java.util.concurrent.CountDownLatch healthHung;
    private boolean active;
    private long epoch = -1;
    /** With a lease: active only until this System.nanoTime; Long.MAX_VALUE without one. */
    private long activeUntil = Long.MAX_VALUE;
    private boolean leased;
    private final boolean fencedLedger;
    private final String labUnsafe;

    SampleMaster(String id, EpochLedger ledger) {
        this(id, ledger, false, "none");
    }

    SampleMaster(String id, EpochLedger ledger, boolean fencedLedger, String labUnsafe) {
        this.id = id;
        this.ledger = ledger;
        this.fencedLedger = fencedLedger;
        this.labUnsafe = labUnsafe;
    }

    public static void main(String[] args) throws IOException {
        String id = null;
        String host = "127.0.0.1";
        int port = -1;
        Path ledgerFile = null;
        boolean fenced = false;
        String unsafe = "none";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--id" -> id = args[++i];
                case "--host" -> host = args[++i];
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--ledger" -> ledgerFile = Path.of(args[++i]);
                case "--fenced-ledger" -> fenced = true;
                case "--lab-unsafe" -> unsafe = args[++i];
                default -> {
                    System.err.println("error: unknown argument " + args[i]
                            + ": usage: --id NAME --port PORT [--host H] [--ledger FILE [--fenced-ledger]] [--lab-unsafe WHAT]");
                    System.exit(2);
                }
            }
        }
        if (id == null || port < 0) {
            System.err.println("error: --id and --port are required");
            System.exit(2);
        }
        if (!java.util.Set.of("none", "ignore-lease", "no-epoch-check").contains(unsafe)) {
            System.err.println("error: --lab-unsafe " + unsafe + " is unknown: give none, ignore-lease or no-epoch-check");
            System.exit(2);
        }
        SampleMaster master = new SampleMaster(id, ledgerFile == null ? null : EpochLedger.atFile(ledgerFile), fenced, unsafe);
        master.serve(host, port);
        System.out.println("sample master " + id + " serving on " + host + ":" + port + " as standby");
    }

    void serve(String host, int port) throws IOException {
        HttpServer http = io.hakeeper.core.http.HttpServers.create(new InetSocketAddress(host, port), 50);
        http.createContext("/health", ex -> {
            java.util.concurrent.CountDownLatch hung = healthHung;
            if (hung != null) {
                try {
                    hung.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean ok = healthy;
            reply(ex, ok ? 200 : 503, "{\"healthy\":" + ok + ",\"id\":\"" + id + "\"}");
        });
        http.createContext("/ha/state", ex -> reply(ex, 200, stateJson()));
        http.createContext("/ha/active", ex -> {
            String q = ex.getRequestURI().getQuery();
            long e = param(q, "epoch");
            if (param(q, "renew") == 1 && !renew(e, param(q, "leaseMs"))) {
                reply(ex, 409, "{\"error\":\"lease of epoch " + e + " ran out or was never held: not renewing\"}");
                return;
            }
            if (param(q, "renew") != 1) {
                becomeActive(e, param(q, "leaseMs"));
            }
            reply(ex, 200, stateJson());
        });
        http.createContext("/ha/standby", ex -> {
            becomeStandby();
            reply(ex, 200, stateJson());
        });
        http.createContext("/admin/unhealthy", ex -> {
            healthy = false;
            reply(ex, 200, "{\"healthy\":false}");
        });
        http.createContext("/admin/hang-health", ex -> {
            healthHung = new java.util.concurrent.CountDownLatch(1);
            reply(ex, 200, "{\"healthHung\":true}");
        });
        http.createContext("/admin/healthy", ex -> {
            java.util.concurrent.CountDownLatch hung = healthHung;
            healthHung = null;
            if (hung != null) {
                hung.countDown();
            }
            healthy = true;
            reply(ex, 200, "{\"healthy\":true}");
        });
        // a thread per request in flight: hung health checks must not take the threads the HA calls need
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
        warmUp(host, port);
        if (ledger != null) {
            Thread writer = new Thread(this::writeWhileActive, "sample-writer");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * Runs, once at start, the paths an activation takes, so the first activation costs what later ones do (a fresh
     * JVM otherwise loads them when a controller is waiting: 30-90 ms here, measured in {@code bench failover}): the
     * ledger's record path without a record, and a request to each HA endpoint that changes nothing (a state query,
     * and a renewal of epoch -1, which is never held and is refused with 409).
     */
    private void warmUp(String host, int port) {
        if (ledger != null) {
            ledger.warm();
        }
        for (String[] call : new String[][] {{"GET", "/ha/state"}, {"POST", "/ha/active?epoch=-1&leaseMs=1&renew=1"}}) {
            try {
                io.hakeeper.core.http.HttpCall.send(call[0], java.net.URI.create("http://"
                        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + call[1]), java.time.Duration.ofSeconds(2));
            } catch (IOException e) {
                // a warm-up only: the path stays cold, nothing else changes
            }
        }
    }

    private synchronized void becomeActive(long e, long leaseMs) {
        boolean wasActive = isActive();
        boolean renewal = wasActive && e == epoch; // a repeated activation of the same epoch, not a new one
        if (ledger != null && wasActive && !renewal) {
            ledger.released(id, epoch, System.nanoTime(), "new_epoch");
        }
        if (ledger != null && !renewal) {
            ledger.acquired(id, e);
        }
        active = true;
        epoch = e;
        leased = leaseMs > 0;
        activeUntil = leased ? System.nanoTime() + leaseMs * 1_000_000 : Long.MAX_VALUE;
        if (!renewal) {
            System.out.println(id + " is active (epoch " + e + (leased ? ", lease " + leaseMs + " ms" : "") + ")");
        }
    }

    /** Extends a live lease of the same epoch; a lapsed one stays lapsed (only an activation revives). */
    private synchronized boolean renew(long e, long leaseMs) {
        if (!isActive() || e != epoch || !leased) {
            return false;
        }
        activeUntil = System.nanoTime() + leaseMs * 1_000_000;
        return true;
    }

    /** Active, and (when leased) the lease has not run out: a master woken from a freeze must not act. */
    private synchronized boolean isActive() {
        if (active && leased && System.nanoTime() - activeUntil > 0 && !labUnsafe.equals("ignore-lease")) {
            active = false;
            if (ledger != null) {
                ledger.released(id, epoch, activeUntil, "lease");
            }
            System.out.println(id + "'s lease ran out: standing down");
        }
        return active;
    }

    private synchronized void becomeStandby() {
        if (isActive()) {
            if (ledger != null) {
                ledger.released(id, epoch, System.nanoTime(), "standby");
            }
            System.out.println(id + " is standby");
        }
        active = false;
    }

    private synchronized String stateJson() {
        return "{\"state\":\"" + (isActive() ? "active" : "standby") + "\",\"epoch\":" + epoch + ",\"id\":\"" + id + "\"}";
    }

    private void writeWhileActive() {
        while (true) {
            try {
                if (fencedLedger) {
                    long decided;
                    synchronized (this) {
                        decided = isActive() ? epoch : -1;
                    }
                    // the write travels to the shared storage, and the next is decided as it lands: one write is
                    // always on its way, so a freeze at any moment makes one land stale once the freeze outlasts the
                    // failover (with a pause between writes, half the freezes found none: ChaosCampaignIT's 150
                    // faults refused 0-3 stale writes, 0 in one clean-clone run, where 1 is its floor)
                    Thread.sleep(20);
                    if (decided >= 0) {
                        ledger.tryWrite(id, decided, "work", !labUnsafe.equals("no-epoch-check"));
                    }
                    continue;
                }
                synchronized (this) {
                    if (isActive()) {
                        ledger.wrote(id, epoch, "work");
                    }
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long param(String query, String name) {
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith(name + "=")) {
                    return Long.parseLong(kv.substring(name.length() + 1));
                }
            }
        }
        return -1;
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
