package io.hakeeper.bench;

import io.hakeeper.core.zk.BulkWriter;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.quorum.DevEnsemble;
import io.hakeeper.rm.RmState;
import io.hakeeper.rm.RmStateStore;
import io.hakeeper.rm.StoreLayout;
import io.hakeeper.rm.StoreSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hakeeper bench rmstore}: N applications with two attempts each (about 2 KB per application) stored in the
 * dev quorum in ZKRMStateStore's layout, then recovered with our {@code loadState()} (pipelined read-only multis)
 * and, side by side in the same run, by a naive loader that reads one znode at a time synchronously, as
 * ZKRMStateStore does. Medians over the runs, alternating which loader goes first.
 */
@Command(name = "rmstore", description = "ResourceManager state recovery: pipelined loadState() vs one read at a time.")
final class RmStoreBench implements Callable<Integer> {
    @Option(names = "--apps", defaultValue = "100000") int apps;
    @Option(names = "--runs", defaultValue = "3") int runs;
    @Option(names = "--split-index", defaultValue = "2",
            description = "yarn.resourcemanager.zk-appid-node.split-index: at 0, 100,000 applications make one listing"
                    + " of about 3 MB, over ZooKeeper's 1 MB jute.maxbuffer (which is why YARN has the split index).")
    int split;
    @Option(names = "--dir", description = "Scratch directory (default: a new temporary one).") Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = dir != null ? dir : Files.createTempDirectory("hakeeper-bench-rmstore");
        StoreSettings settings = StoreSettings.defaults().withAppSplitIndex(split);
        try (DevEnsemble quorum = new DevEnsemble(3, 0, false, scratch.resolve("quorum")).memberHeap("2g")
                .start(Duration.ofSeconds(120));
             CuratorFramework client = ZkSettings.builder(quorum.connectString()).sessionTimeout(Duration.ofSeconds(30))
                     .build().connect()) {
            RmStateStore store = new RmStateStore(client, settings, RmStateStore.unfenced(client));
            store.open();
            long t0 = System.nanoTime();
            populate(client.getZookeeperClient().getZooKeeper(), settings.layout());
            out.printf("stored %d applications (%d znodes) in %.1f s%n", apps, apps * 3, (System.nanoTime() - t0) / 1e9);
            out.printf("%-4s %14s %14s%n", "RUN", "LOADSTATE MS", "NAIVE MS");
            out.flush();
            List<Double> ours = new ArrayList<>(), naive = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                double o = 0, n = 0;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == (run % 2 == 1)) {
                        o = timeLoadState(store);
                    } else {
                        n = timeNaive(client.getZookeeperClient().getZooKeeper(), settings.layout());
                    }
                }
                ours.add(o);
                naive.add(n);
                out.printf("%-4d %14.0f %14.0f%n", run, o, n);
                out.flush();
            }
            double o = ResultLine.median(ours), n = ResultLine.median(naive);
            out.printf("%nmedians: loadState %.0f ms, naive %.0f ms (%.1fx faster)%n", o, n, n / o);
            out.println(new ResultLine("rmstore").put("apps", apps).put("recover_ms", Math.round(o))
                    .put("naive_ms", Math.round(n)).put("ratio", o / n).put("runs", runs));
        }
        return 0;
    }

    private double timeLoadState(RmStateStore store) throws Exception {
        long t0 = System.nanoTime();
        RmState state = store.loadState(Duration.ofMinutes(5));
        double ms = (System.nanoTime() - t0) / 1e6;
        check(state.applications().size(), state.applications().values().stream().mapToInt(a -> a.attempts().size()).sum());
        return ms;
    }

    /** ZKRMStateStore's way: list, then read each application and each attempt with its own synchronous call. */
    private double timeNaive(ZooKeeper zk, StoreLayout layout) throws Exception {
        long t0 = System.nanoTime();
        int loadedApps = 0, loadedAttempts = 0;
        String dir = layout.appDir(split);
        List<String> leaves = new ArrayList<>();
        for (String child : zk.getChildren(dir, false)) {
            if (split == 0) {
                if (child.startsWith("application_")) {
                    leaves.add(dir + "/" + child);
                }
            } else {
                for (String leaf : zk.getChildren(dir + "/" + child, false)) {
                    leaves.add(dir + "/" + child + "/" + leaf);
                }
            }
        }
        for (String app : leaves) {
            zk.getData(app, false, null);
            loadedApps++;
            for (String attempt : zk.getChildren(app, false)) {
                zk.getData(app + "/" + attempt, false, null);
                loadedAttempts++;
            }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        check(loadedApps, loadedAttempts);
        return ms;
    }

    private void check(int loadedApps, int loadedAttempts) {
        if (loadedApps != apps || loadedAttempts != 2 * apps) {
            throw new IllegalStateException("loaded " + loadedApps + " applications and " + loadedAttempts
                    + " attempts of " + apps + " and " + 2 * apps + ": the figures would lie");
        }
    }

    /** Not timed: the applications in multis under jute.maxbuffer, a window of them in flight. */
    private void populate(ZooKeeper zk, StoreLayout layout) throws Exception {
        byte[] app = new byte[1024], attempt = new byte[512];
        List<Op> ops = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String lastParent = null;
        for (int i = 1; i <= apps; i++) {
            String id = String.format("application_1700000000000_%06d", i);
            String parent = layout.appParent(id, split);
            if (parent != null && !parent.equals(lastParent)) {
                ops.add(Op.create(parent, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
                sizes.add(0);
                lastParent = parent;
            }
            String path = layout.appPath(id, split);
            ops.add(Op.create(path, app, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            sizes.add(app.length);
            for (int a = 1; a <= 2; a++) {
                ops.add(Op.create(path + String.format("/appattempt_1700000000000_%06d_%06d", i, a), attempt,
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
                sizes.add(attempt.length);
            }
        }
        new BulkWriter(zk, Duration.ofMinutes(10)).write(ops, sizes);
    }
}
