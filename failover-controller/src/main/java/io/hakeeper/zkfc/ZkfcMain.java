package io.hakeeper.zkfc;

import io.hakeeper.core.config.ConfigFiles;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;

/**
 * The process entry point of one controller, what {@code hakeeper zkfc} runs:
 * {@code ZkfcMain --config FILE [--config FILE...] [--nameservice NS] [--node NN] [-formatZK [-force] [-nonInteractive]]}.
 * Config files are Hadoop site XML (core-site.xml, then hdfs-site.xml) or a properties file; later ones win. Without
 * {@code --node}, the local master is found as Hadoop's ZKFC finds it ({@link LocalNode}).
 */
public final class ZkfcMain {
    private ZkfcMain() {
    }

    public static void main(String[] args) {
        io.hakeeper.core.process.ProcessLaunch.preferOneExec();
        System.exit(run(args));
    }

    /** One invocation, as parsed from the command line (here or by the {@code hakeeper zkfc} command). */
    public record Invocation(List<Path> configs, String nameservice, String node, boolean format, boolean force,
                             boolean interactive) {
    }

    static int run(String[] args) {
        List<Path> configs = new ArrayList<>();
        String nameservice = null;
        String node = null;
        boolean format = false;
        boolean force = false;
        boolean interactive = true;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> configs.add(Path.of(args[++i]));
                    case "--nameservice" -> nameservice = args[++i];
                    case "--node" -> node = args[++i];
                    case "-formatZK" -> format = true;
                    case "-force" -> force = true;
                    case "-nonInteractive" -> interactive = false;
                    default -> throw new HakeeperException(ExitCode.USAGE, "unknown argument '" + args[i] + "': usage:"
                            + " --config FILE [--nameservice NS] [--node NN] [-formatZK [-force] [-nonInteractive]]");
                }
            }
            return execute(new Invocation(configs, nameservice, node, format, force, interactive));
        } catch (HakeeperException e) {
            System.err.println("error: " + e.getMessage());
            return e.exitCode().code();
        } catch (InterruptedException e) {
            return ExitCode.INTERRUPTED.code();
        } catch (Exception e) {
            System.err.println("error: unexpected " + e);
            e.printStackTrace();
            return ExitCode.FAILURE.code();
        }
    }

    /** Formats, or runs the controller until it is stopped. Failures are thrown as {@link HakeeperException}s. */
    public static int execute(Invocation inv) throws Exception {
        if (inv.configs().isEmpty()) {
            throw new HakeeperException(ExitCode.USAGE, "--config is required (core-site.xml and hdfs-site.xml)");
        }
        var conf = ConfigFiles.read(inv.configs());
        String node = inv.node() != null ? inv.node() : LocalNode.pick(ZkfcSettings.from(conf, inv.nameservice(), null));
        ZkfcSettings settings = ZkfcSettings.from(conf, inv.nameservice(), node);
        if (inv.format()) {
            try (CuratorFramework client = settings.zk().connect()) {
                FormatZk.format(client, settings.layout(), inv.force(), inv.interactive(),
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
            }
            return 0;
        }
        ZkfcController controller = new ZkfcController(settings);
        Runtime.getRuntime().addShutdownHook(new Thread(controller::close, "zkfc-stop"));
        controller.start();
        controller.awaitStop();
        return 0;
    }
}
