package io.hakeeper.cli;

import io.hakeeper.zkfc.ZkfcMain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "zkfc", description = "The failover controller beside one master: health monitor, election under"
        + " /hadoop-ha/<nameservice>, fencing. Runs in the foreground.")
final class ZkfcCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "core-site.xml, hdfs-site.xml, or a hakeeper.properties; repeat it, later files win.")
    List<Path> configs = new ArrayList<>();

    @Option(names = "--nameservice", paramLabel = "NS", description = "Default: the only one in dfs.nameservices.")
    String nameservice;

    @Option(names = "--node", required = true, paramLabel = "NN", description = "The master beside us, e.g. nn1.")
    String node;

    @Option(names = "-formatZK", description = "Create the election znode (and exit).")
    boolean format;

    @Option(names = "-force", description = "With -formatZK: delete and recreate an existing election znode.")
    boolean force;

    @Option(names = "-nonInteractive", description = "With -formatZK: never prompt; refuse when it exists.")
    boolean nonInteractive;

    @Override
    public Integer call() throws Exception {
        if (!format) {
            DaemonLogging.enable();
        }
        return ZkfcMain.execute(new ZkfcMain.Invocation(configs, nameservice, node, format, force, !nonInteractive));
    }
}
