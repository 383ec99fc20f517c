package io.hakeeper.cli;

import io.hakeeper.zkfc.ZkfcMain;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "zkfc", description = "The failover controller beside one master: health monitor, election under"
        + " /hadoop-ha/<nameservice>, fencing. Runs in the foreground.")
final class ZkfcCommand implements Callable<Integer> {
    @Mixin
    HaConfigOptions config;

    @Option(names = "--node", paramLabel = "NN", description = "The master beside us, e.g. nn1. Default: dfs.ha.namenode.id, else"
            + " the one master whose address is this machine's (as Hadoop's ZKFC picks its NameNode).")
    String node;

    @Mixin
    DaemonLogging logs;

    @Option(names = "-formatZK", description = "Create the election znode (and exit).")
    boolean format;

    @Option(names = "-force", description = "With -formatZK: delete and recreate an existing election znode.")
    boolean force;

    @Option(names = "-nonInteractive", description = "With -formatZK: never prompt; refuse when it exists.")
    boolean nonInteractive;

    @Override
    public Integer call() throws Exception {
        if (!format) {
            logs.apply();
            DaemonLogging.started("zkfc", config.configs);
        }
        return ZkfcMain.execute(new ZkfcMain.Invocation(config.configs, config.nameservice, node, format, force, !nonInteractive));
    }
}
