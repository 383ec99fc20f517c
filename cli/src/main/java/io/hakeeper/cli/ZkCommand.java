package io.hakeeper.cli;

import io.hakeeper.core.error.ZkErrors;
import io.hakeeper.core.zk.AclSpec;
import io.hakeeper.core.znode.PayloadFormatter;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hakeeper zk ...}: read-only inspection of any quorum. */
@Command(name = "zk", description = "Inspect znodes: ls, get (decoded, text or hex), stat, tree.")
final class ZkCommand {
    @Spec
    CommandSpec spec;

    @FunctionalInterface
    interface ZkAction {
        void run(CuratorFramework client, PrintWriter out) throws Exception;
    }

    private int withClient(ZkOptions zk, ZkAction action) throws Exception {
        try (CuratorFramework client = zk.settings().connect()) {
            action.run(client, spec.commandLine().getOut());
            return 0;
        } catch (KeeperException e) {
            throw ZkErrors.explain(e, zk.connectString());
        }
    }

    @Command(name = "ls", description = "List the children of a znode.")
    int ls(@Parameters(paramLabel = "PATH", defaultValue = "/") String path, @Mixin ZkOptions zk) throws Exception {
        return withClient(zk, (c, out) -> c.getChildren().forPath(path).stream().sorted().forEach(out::println));
    }

    @Command(name = "get", description = "Show a znode's data: decoded when hakeeper knows the payload, else text or hex.")
    int get(@Parameters(paramLabel = "PATH") String path,
            @Option(names = "--hex", description = "Always show a hex dump.") boolean hex, @Mixin ZkOptions zk)
            throws Exception {
        return withClient(zk, (c, out) -> {
            Stat stat = new Stat();
            byte[] data = c.getData().storingStatIn(stat).forPath(path);
            out.println(PayloadFormatter.discover().format(path, data, stat, hex));
        });
    }

    @Command(name = "stat", description = "Show a znode's Stat and ACL.")
    int stat(@Parameters(paramLabel = "PATH") String path, @Mixin ZkOptions zk) throws Exception {
        return withClient(zk, (c, out) -> {
            Stat s = c.checkExists().forPath(path);
            if (s == null) {
                throw new KeeperException.NoNodeException(path);
            }
            out.printf("czxid          0x%x%nmzxid          0x%x%npzxid          0x%x%nctime          %s%nmtime          %s%n"
                            + "version        %d%ncversion       %d%naversion       %d%nephemeralOwner 0x%x%ndataLength     %d%n"
                            + "numChildren    %d%nacl            %s%n",
                    s.getCzxid(), s.getMzxid(), s.getPzxid(), Instant.ofEpochMilli(s.getCtime()),
                    Instant.ofEpochMilli(s.getMtime()), s.getVersion(), s.getCversion(), s.getAversion(),
                    s.getEphemeralOwner(), s.getDataLength(), s.getNumChildren(), AclSpec.format(c.getACL().forPath(path)));
        });
    }

    @Command(name = "tree", description = "Show the znodes below a path, with data sizes.")
    int tree(@Parameters(paramLabel = "PATH", defaultValue = "/") String path,
             @Option(names = "--depth", defaultValue = "20", description = "How deep to go.") int depth,
             @Mixin ZkOptions zk) throws Exception {
        return withClient(zk, (c, out) -> walk(c, out, path, 0, depth));
    }

    private static void walk(CuratorFramework c, PrintWriter out, String path, int level, int depth) throws Exception {
        Stat s = c.checkExists().forPath(path);
        if (s == null) {
            if (level == 0) {
                throw new KeeperException.NoNodeException(path);
            }
            return; // deleted while we walked
        }
        String name = level == 0 ? path : path.substring(path.lastIndexOf('/') + 1);
        out.println("  ".repeat(level) + name + (s.getDataLength() > 0 ? "  (" + s.getDataLength() + " bytes)" : "")
                + (s.getEphemeralOwner() != 0 ? "  [ephemeral]" : ""));
        if (level >= depth) {
            return;
        }
        List<String> children = c.getChildren().forPath(path).stream().sorted().toList();
        for (String child : children) {
            walk(c, out, (path.equals("/") ? "" : path) + "/" + child, level + 1, depth);
        }
    }
}
