package io.hakeeper.cli;

import io.hakeeper.core.config.ConfigFiles;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.http.AdminServer;
import io.hakeeper.hbase.ClusterZnodes;
import io.hakeeper.hbase.RegionServerGuard;
import io.hakeeper.hbase.HbaseAgentMain;
import io.hakeeper.hbase.HbaseZnodes;
import io.hakeeper.hbase.ServerName;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hakeeper hbase ...}: RegionServer and master agents, and the cluster's state in ZooKeeper. */
@Command(name = "hbase", description = "HBase: RegionServer registration agent, master election agent, cluster status.",
        subcommands = {HbaseCommand.RsGuardCommand.class, HbaseCommand.RsAgent.class, HbaseCommand.MasterAgentCommand.class,
                HbaseCommand.Status.class})
final class HbaseCommand {

    static final class Base {
        @Option(names = "--znode-parent", defaultValue = HbaseZnodes.DEFAULT_BASE,
                description = "zookeeper.znode.parent (default ${DEFAULT-VALUE}).")
        String parent;

        HbaseZnodes znodes() {
            return new HbaseZnodes(parent);
        }
    }

    @Command(name = "rs-guard", description = "Watch-only sidecar for a real RegionServer (it never writes /hbase/rs):"
            + " runs --stop-command when this host has heard nothing from the ZooKeeper quorum for half the RegionServer's"
            + " session (and the quorum is not simply electing), or when the RegionServer's registration is gone while its"
            + " process (--pid-file) still serves. Runs in the foreground.")
    static final class RsGuardCommand implements Callable<Integer> {
        @Option(names = "--server", required = true, paramLabel = "HOST,PORT",
                description = "The RegionServer's host and port as it registers them (any start code).")
        String server;
        @Option(names = "--hbase-site", paramLabel = "FILE", description = "Read the RegionServer's session timeout"
                + " (zookeeper.session.timeout; HBase's default 90000 when absent) from this hbase-site.xml; without it,"
                + " --session-timeout must be the RegionServer's.")
        Path hbaseSite;
        @Option(names = "--pid-file", paramLabel = "FILE",
                description = "The RegionServer's pid file; without it the zombie rule is off.")
        Path pidFile;
        @Option(names = "--health", paramLabel = "CHECK",
                description = "Asked before a zombie stop: http(s)://...[#field=value], tcp:host:port or command:CMD.")
        String health;
        @Option(names = "--stop-command", paramLabel = "CMD", description = "Run (bash) to stop the RegionServer, with"
                + " HBASE_SERVER, HBASE_PID and HAKEEPER_REASON set; required unless --dry-run.")
        String stopCommand;
        @Option(names = "--stop-timeout", paramLabel = "MS", defaultValue = "60000",
                description = "Give the stop command this long (default ${DEFAULT-VALUE}).")
        long stopTimeoutMs;
        @Option(names = "--lease-fraction", defaultValue = "0.5",
                description = "Share of the session without word from the quorum before a stop, below 2/3 (default ${DEFAULT-VALUE}).")
        double leaseFraction;
        @Option(names = "--zombie-grace", paramLabel = "MS", defaultValue = "10000",
                description = "How long a registration must stay gone while its process serves (default ${DEFAULT-VALUE}).")
        long zombieGraceMs;
        @Option(names = "--dry-run", description = "Log and count what it would stop; stop nothing.")
        boolean dryRun;
        @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "-1",
                description = "Serve /metrics and /status on this port (default: off).")
        int adminPort;
        @Option(names = "--admin-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
                description = "Address for --admin-port (default ${DEFAULT-VALUE}).")
        String adminBind;
        @Mixin Base base;
        @Mixin ZkOptions zk;
        @Mixin DaemonLogging logs;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (stopCommand == null && !dryRun) {
                throw new ParameterException(spec.commandLine(), "rs-guard has nothing to run: give --stop-command CMD (e.g."
                        + " '/opt/hbase/bin/hbase-daemon.sh stop regionserver' or 'kill -9 $HBASE_PID'), or --dry-run to only log");
            }
            if (leaseFraction <= 0 || leaseFraction >= 2.0 / 3) {
                throw new ParameterException(spec.commandLine(), "--lease-fraction " + leaseFraction + " is out of range:"
                        + " give a share above 0 and below 0.667 (the RegionServer's session may expire 2/3 of a session after a cut)");
            }
            ServerName rs = hostAndPort(server);
            Duration session = hbaseSite == null ? Duration.ofMillis(zk.sessionTimeoutMs) : sessionFrom(hbaseSite);
            zk.sessionTimeoutMs = session.toMillis();
            io.hakeeper.core.health.HealthCheck check = health == null ? null
                    : io.hakeeper.core.health.HealthChecks.parse(health, "--health");
            RegionServerGuard.Settings settings = new RegionServerGuard.Settings(rs.host(), rs.port(), session, pidFile,
                    check, leaseFraction, Duration.ofMillis(zombieGraceMs), dryRun);
            logs.apply(); // after every other check of the input: bad input changes nothing
            DaemonLogging.started("hbase rs-guard", hbaseSite == null ? java.util.List.of() : java.util.List.of(hbaseSite));
            RegionServerGuard.Stopper stopper = stopCommand == null ? (sn, pid, why) -> { }
                    : RegionServerGuard.commandStopper(stopCommand, Duration.ofMillis(stopTimeoutMs));
            try (AdminServer admin = new AdminServer(adminBind, Math.max(adminPort, 0));
                 CuratorFramework client = zk.settings().connect();
                 RegionServerGuard guard = new RegionServerGuard(client, zk.connectString(), base.znodes(), settings,
                         stopper, admin.registry())) {
                admin.route("/status", () -> AdminServer.Response.text(200, guard.status() + "\n"));
                if (adminPort >= 0) {
                    admin.start();
                }
                guard.start();
                PrintWriter out = spec.commandLine().getOut();
                out.printf("rs-guard for %s:%d: session %d ms, stop after %d ms without word from the quorum%s%n", rs.host(),
                        rs.port(), session.toMillis(), (long) (session.toMillis() * leaseFraction), dryRun ? " (dry run)" : "");
                out.flush();
                String last = "";
                while (true) { // until the process is stopped
                    String now = guard.status();
                    if (!now.equals(last)) {
                        out.println(now);
                        out.flush();
                        last = now;
                    }
                    Thread.sleep(100);
                }
            }
        }

        /** {@code host,port}, {@code host:port} or a whole server name (its start code is ignored: any will do). */
        private ServerName hostAndPort(String value) {
            String[] f = value.split(",");
            try {
                if (f.length == 2) {
                    return new ServerName(f[0], Integer.parseInt(f[1]), -1);
                }
                return ServerName.parse(value);
            } catch (RuntimeException e) {
                throw new ParameterException(spec.commandLine(), "--server '" + value + "' is not a host and port: give"
                        + " HOST,PORT as the RegionServer registers them (e.g. rs1.example.com,16020)");
            }
        }

        private static Duration sessionFrom(Path hbaseSite) {
            String value = ConfigFiles.hadoopXml(hbaseSite, new java.util.HashSet<>()).getOrDefault("zookeeper.session.timeout", "90000");
            try {
                return Duration.ofMillis(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                throw HakeeperException.config(hbaseSite + ": zookeeper.session.timeout is \"" + value
                        + "\", not a number of milliseconds: fix it there");
            }
        }
    }

    @Command(name = "rs-agent", description = "Hold /hbase/rs/<server> while the local RegionServer is healthy; tell it"
            + " to stop serving when ZooKeeper has been silent for 2/3 of the session. Runs in the foreground.")
    static final class RsAgent implements Callable<Integer> {
        @Option(names = "--server", required = true, paramLabel = "HOST,PORT[,STARTCODE]", converter = OptionValues.Server.class,
                description = "The server's host and port; the start code defaults to this agent's start time (epoch ms), as HBase's own.")
        String server;
        @Option(names = "--info-port", defaultValue = "-1", description = "The RegionServer's info (web UI) port.") int infoPort;
        @Option(names = "--health", paramLabel = "CHECK",
                description = "http(s)://...[#field=value], tcp:host:port or command:CMD (default: always healthy).")
        String health;
        @Option(names = "--stop-serving", paramLabel = "CMD", description = "Run (bash) to make the RegionServer stop serving.")
        String stopServing;
        @Mixin Base base;
        @Mixin ZkOptions zk;
        @Mixin DaemonLogging logs;

        @Override
        public Integer call() throws Exception {
            logs.apply();
            DaemonLogging.started("hbase rs-agent", java.util.List.of());
            HbaseAgentMain.runRegionServerAgent(zk.settings(), base.znodes(), ServerName.forAgent(server, System.currentTimeMillis()), infoPort, health, stopServing);
            return 0;
        }
    }

    @Command(name = "master-agent", description = "Take part in HBase's master election: a backup-masters node, then"
            + " /hbase/master when it wins. Runs in the foreground.")
    static final class MasterAgentCommand implements Callable<Integer> {
        @Option(names = "--server", required = true, paramLabel = "HOST,PORT[,STARTCODE]", converter = OptionValues.Server.class,
                description = "The server's host and port; the start code defaults to this agent's start time (epoch ms), as HBase's own.")
        String server;
        @Option(names = "--info-port", defaultValue = "16010", description = "The master's info port (default ${DEFAULT-VALUE}).")
        int infoPort;
        @Option(names = "--ledger", paramLabel = "FILE", hidden = true, description = "For the chaos lab and tests: record"
                + " activations, stand-downs and, while active, a write every 50 ms, stamped with the term's epoch.")
        Path ledger;
        @Mixin Base base;
        @Mixin ZkOptions zk;
        @Mixin DaemonLogging logs;

        @Override
        public Integer call() throws Exception {
            logs.apply();
            DaemonLogging.started("hbase master-agent", java.util.List.of());
            HbaseAgentMain.runMasterAgent(zk.settings(), base.znodes(), ServerName.forAgent(server, System.currentTimeMillis()), infoPort, ledger);
            return 0;
        }
    }

    @Command(name = "status", description = "The active master, backups, live and draining RegionServers, meta location,"
            + " cluster id. A health check: exits 6 when a znode holds something that is not HBase's, 12 with no active"
            + " master, 13 with no backup master, else 0.")
    static final class Status implements Callable<Integer> {
        @Mixin Base base;
        @Mixin ZkOptions zk;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (CuratorFramework client = zk.settings().connect()) {
                ClusterZnodes.Status s = new ClusterZnodes(client, base.znodes(), "hakeeper").status();
                PrintWriter out = spec.commandLine().getOut();
                out.printf("master        %s%n", s.master().map(m -> m.server() + " (info port " + m.infoPort() + ")").orElse("(none)"));
                out.printf("backups       %s%n", s.backups().isEmpty() ? "(none)" : s.backups());
                out.printf("regionservers %d live %s%n", s.live().size(), s.live());
                out.printf("draining      %s%n", s.draining().isEmpty() ? "(none)" : s.draining());
                out.printf("meta          %s%n", s.meta().map(m -> m.server() + " state " + m.state()).orElse("(unknown)"));
                out.printf("cluster id    %s%n", s.clusterId().orElse("(none)"));
                out.printf("running       %s%n", s.runningSince().map(d -> "since " + d).orElse("no (/hbase/running absent)"));
                s.problems().forEach(p -> out.println("problem: " + p));
                if (!s.problems().isEmpty()) {
                    spec.commandLine().getErr().println("error: " + s.problems().get(0) + (s.problems().size() == 1 ? ""
                            : " (and " + (s.problems().size() - 1) + " more problems, listed above)"));
                    return io.hakeeper.core.error.ExitCode.BAD_DATA.code();
                }
                if (s.master().isEmpty()) {
                    out.println("health        down: no active master");
                    return io.hakeeper.core.error.ExitCode.UNHEALTHY.code();
                }
                if (s.backups().isEmpty()) {
                    out.println("health        degraded: no backup master");
                    return io.hakeeper.core.error.ExitCode.DEGRADED.code();
                }
                out.println("health        ok");
                return 0;
            }
        }
    }
}
