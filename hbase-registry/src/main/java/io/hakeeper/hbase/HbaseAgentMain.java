package io.hakeeper.hbase;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.fencing.EpochLedger;
import io.hakeeper.core.health.HealthCheck;
import io.hakeeper.core.health.HealthChecks;
import io.hakeeper.core.process.CommandRunner;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;

/**
 * The agents as processes (the {@code hakeeper hbase rs-agent} and {@code master-agent} commands, and the tests
 * that kill them): {@code rs|master --connect C --server host,port[,startcode] [--session-ms MS] [--info-port P]
 * [--health CHECK] [--stop-serving CMD] [--ledger FILE]}. They print one line per decision and run until killed.
 * With {@code --ledger}, a master agent records its activations and, while active, a write every 50 ms, stamped
 * with its epoch, for the split-brain checker.
 */
public final class HbaseAgentMain {
    private HbaseAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args));
        } catch (HakeeperException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e.exitCode().code());
        }
    }

    public static int run(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("rs") || args[0].equals("master"))) {
            throw HakeeperException.usage("usage: rs|master --connect C --server host,port[,startcode] [options]");
        }
        String connect = null;
        ServerName server = null;
        long sessionMs = 10_000;
        int infoPort = -1;
        String health = null;
        String stopServing = null;
        Path ledger = null;
        int i = 1;
        try {
            for (; i < args.length; i++) {
                switch (args[i]) {
                    case "--connect" -> connect = args[++i];
                    case "--server" -> server = ServerName.forAgent(args[++i], System.currentTimeMillis());
                    case "--session-ms" -> sessionMs = Long.parseLong(args[++i]);
                    case "--info-port" -> infoPort = Integer.parseInt(args[++i]);
                    case "--health" -> health = args[++i];
                    case "--stop-serving" -> stopServing = args[++i];
                    case "--ledger" -> ledger = Path.of(args[++i]);
                    default -> throw HakeeperException.usage("unknown argument " + args[i] + ": the options are --connect, --server, --session-ms, --info-port, --health, --stop-serving and --ledger");
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw HakeeperException.badValue(args, i, e);
        }
        if (connect == null || server == null) {
            throw HakeeperException.usage("--connect and --server are required");
        }
        ZkSettings zk = ZkSettings.builder(connect).sessionTimeout(Duration.ofMillis(sessionMs)).build();
        if (args[0].equals("rs")) {
            runRegionServerAgent(zk, HbaseZnodes.defaults(), server, infoPort, health, stopServing);
        } else {
            runMasterAgent(zk, HbaseZnodes.defaults(), server, infoPort, ledger);
        }
        return 0;
    }

    /** Runs a RegionServer agent in the foreground until the process is stopped. */
    public static void runRegionServerAgent(ZkSettings zk, HbaseZnodes znodes, ServerName server, int infoPort,
            String healthSpec, String stopServing) throws Exception {
        zk.createChrootIfMissing();
        try (CuratorFramework client = zk.connect()) {
            znodes.createBaseZnodes(client);
            runRegionServerAgent(client, znodes, server, infoPort, healthSpec, stopServing, zk.sessionTimeout());
        }
    }

    /** Runs a master agent in the foreground until the process is stopped. */
    public static void runMasterAgent(ZkSettings zk, HbaseZnodes znodes, ServerName server, int infoPort, Path ledger)
            throws Exception {
        zk.createChrootIfMissing();
        try (CuratorFramework client = zk.connect()) {
            znodes.createBaseZnodes(client);
            runMasterAgent(client, znodes, server, infoPort, ledger);
        }
    }

    /**
     * SIGTERM (systemd's stop) removes what the agent holds at once, rather than a session timeout later: the master
     * sees the RegionServer leave now; a backup master need not wait out the session of a master that stopped.
     */
    private static void closeOnSigterm(AutoCloseable agent) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread closer = new Thread(() -> {
                try {
                    agent.close(); // idempotent: the main thread's own close after this does nothing
                } catch (Exception e) {
                    System.err.println("could not close the agent cleanly (" + e + "); what it holds goes with its session");
                }
            }, "agent-close");
            closer.setDaemon(true);
            closer.start();
            try {
                // ZooKeeper may be away: then the removal waits out its retries; the JVM must still stop well within
                // systemd's TimeoutStopSec, and what the agent holds goes with its session
                closer.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "agent-shutdown"));
    }

    private static void runRegionServerAgent(CuratorFramework client, HbaseZnodes znodes, ServerName server, int infoPort,
            String healthSpec, String stopServing, Duration session) throws Exception {
        HealthCheck health = healthSpec == null ? null : HealthChecks.parse(healthSpec, "--health");
        Runnable stop = () -> {
            System.out.println(server + ": stop serving");
            if (stopServing != null) {
                try {
                    CommandRunner.Result r = CommandRunner.bash(stopServing, Map.of("HBASE_SERVER", server.toString()),
                            Duration.ofSeconds(30));
                    System.out.println(server + ": stop-serving command exited " + r.exitCode() + (r.timedOut() ? " (timed out)" : ""));
                } catch (Exception e) {
                    System.out.println(server + ": stop-serving command failed: " + e.getMessage());
                }
            }
        };
        HbaseMessages.RegionServerInfo info = new HbaseMessages.RegionServerInfo(infoPort, AgentVersion.info());
        try (RegionServerAgent agent = new RegionServerAgent(client, znodes, server, info,
                "regionserver:" + server.port(), health, stop, session).start()) {
            closeOnSigterm(agent);
            String last = "";
            while (agent.failure() == null) {
                String now = agent.status();
                if (!now.equals(last)) {
                    System.out.println(server + ": " + now);
                    last = now;
                }
                Thread.sleep(50);
            }
            throw agent.failure(); // a real RegionServer at our address: exit 8, never fight it
        }
    }

    private static void runMasterAgent(CuratorFramework client, HbaseZnodes znodes, ServerName server, int infoPort,
            Path ledgerFile) throws Exception {
        EpochLedger ledger = ledgerFile == null ? null : EpochLedger.atFile(ledgerFile);
        String holder = server.host() + ":" + server.port();
        MasterAgent[] agentRef = new MasterAgent[1];
        MasterAgent.Listener listener = new MasterAgent.Listener() {
            private long epoch = -1;
            private long activeSince;

            @Override
            public void becameActive(long epoch) {
                this.epoch = epoch;
                this.activeSince = System.nanoTime();
                if (ledger != null) {
                    ledger.acquired(holder, epoch);
                }
                System.out.println(server + " is the active master (epoch " + epoch + ")");
            }

            @Override
            public void becameBackup(String why) {
                if (ledger != null && epoch >= 0) {
                    // a lapsed lease ended the term at its deadline, however late a frozen process hears of it. The
                    // writer reads the lease before every write; a write begun just before the deadline may land
                    // just after it, and the ledger refuses it once a newer term exists (as fenced storage would)
                    ledger.releasedAtLapseOrNow(holder, epoch, activeSince,
                            agentRef[0] == null ? Long.MIN_VALUE : agentRef[0].lastLeaseLapseNanos(), "backup");
                }
                epoch = -1;
                System.out.println(server + " is a backup master: " + why);
            }
        };
        try (MasterAgent agent = new MasterAgent(client, znodes, server, infoPort, "master:" + server.port(), listener)) {
            agentRef[0] = agent;
            agent.start();
            closeOnSigterm(agent);
            System.out.println(server + " started as a backup master");
            while (agent.failure() == null) {
                long epoch = agent.epoch(); // -1 once the lease has lapsed, whether or not the elector has said so
                if (epoch >= 0 && ledger != null) {
                    // the ledger stands for the master's fenced shared state: a write below the newest term is refused
                    ledger.tryWrite(holder, epoch, "work", true);
                }
                Thread.sleep(50);
            }
            throw agent.failure(); // the elector gave up its lock: exit so that a supervisor restarts us
        }
    }
}
