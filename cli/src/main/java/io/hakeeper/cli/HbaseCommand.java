package io.hakeeper.cli;

import io.hakeeper.hbase.ClusterZnodes;
import io.hakeeper.hbase.HbaseAgentMain;
import io.hakeeper.hbase.HbaseZnodes;
import io.hakeeper.hbase.ServerName;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hakeeper hbase ...}: RegionServer and master agents, and the cluster's state in ZooKeeper. */
@Command(name = "hbase", description = "HBase: RegionServer registration agent, master election agent, cluster status.",
        subcommands = {HbaseCommand.RsAgent.class, HbaseCommand.MasterAgentCommand.class, HbaseCommand.Status.class})
final class HbaseCommand {

    static final class Base {
        @Option(names = "--znode-parent", defaultValue = HbaseZnodes.DEFAULT_BASE,
                description = "zookeeper.znode.parent (default ${DEFAULT-VALUE}).")
        String parent;

        HbaseZnodes znodes() {
            return new HbaseZnodes(parent);
        }
    }

    @Command(name = "rs-agent", description = "Hold /hbase/rs/<server> while the local RegionServer is healthy; tell it"
            + " to stop serving when ZooKeeper has been silent for 2/3 of the session. Runs in the foreground.")
    static final class RsAgent implements Callable<Integer> {
        @Option(names = "--server", required = true, paramLabel = "HOST,PORT,STARTCODE") String server;
        @Option(names = "--info-port", defaultValue = "-1", description = "The RegionServer's info (web UI) port.") int infoPort;
        @Option(names = "--health", paramLabel = "CHECK",
                description = "http(s)://...[#field=value], tcp:host:port or command:CMD (default: always healthy).")
        String health;
        @Option(names = "--stop-serving", paramLabel = "CMD", description = "Run (bash) to make the RegionServer stop serving.")
        String stopServing;
        @Mixin Base base;
        @Mixin ZkOptions zk;

        @Override
        public Integer call() throws Exception {
            HbaseAgentMain.runRegionServerAgent(zk.settings(), base.znodes(), ServerName.parse(server), infoPort, health, stopServing);
            return 0;
        }
    }

    @Command(name = "master-agent", description = "Take part in HBase's master election: a backup-masters node, then"
            + " /hbase/master when it wins. Runs in the foreground.")
    static final class MasterAgentCommand implements Callable<Integer> {
        @Option(names = "--server", required = true, paramLabel = "HOST,PORT,STARTCODE") String server;
        @Option(names = "--info-port", defaultValue = "16010", description = "The master's info port (default ${DEFAULT-VALUE}).")
        int infoPort;
        @Mixin Base base;
        @Mixin ZkOptions zk;

        @Override
        public Integer call() throws Exception {
            HbaseAgentMain.runMasterAgent(zk.settings(), base.znodes(), ServerName.parse(server), infoPort, null);
            return 0;
        }
    }

    @Command(name = "status", description = "The active master, backups, live and draining RegionServers, meta location, cluster id.")
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
                return s.problems().isEmpty() ? 0 : io.hakeeper.core.error.ExitCode.BAD_DATA.code();
            }
        }
    }
}
