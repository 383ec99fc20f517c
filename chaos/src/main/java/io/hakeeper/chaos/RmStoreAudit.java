package io.hakeeper.chaos;

import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.rm.StoreSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Run inside a lab host (the orchestrator cannot reach the ensemble): lists every application in the lab RMs' store
 * with the zxid that created it and the epoch its payload names, one per line ({@code app czxid epoch}), into a file.
 * Usage: {@code RmStoreAudit CONNECT OUT_FILE}; exit 0 when the file is written.
 */
public final class RmStoreAudit {
    /** One application as the store holds it. */
    public record Stored(String app, long czxid, long epoch) {
    }

    private static final Pattern EPOCH = Pattern.compile("epoch=(-?\\d+)");

    private RmStoreAudit() {
    }

    public static void main(String[] args) throws Exception {
        String appRoot = StoreSettings.defaults().layout().appRoot();
        try (CuratorFramework client = ZkSettings.builder(args[0]).sessionTimeout(Duration.ofSeconds(10)).build().connect()) {
            // the server we reached may be a follower still catching up after a heal: bring it level with the leader
            // first, or an application committed just before the audit could look lost
            java.util.concurrent.CountDownLatch synced = new java.util.concurrent.CountDownLatch(1);
            client.getZookeeperClient().getZooKeeper().sync(appRoot, (rc, path, ctx) -> synced.countDown(), null);
            if (!synced.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                System.err.println("the ZooKeeper server did not answer sync within 30 s");
                System.exit(4);
            }
            StringBuilder out = new StringBuilder();
            List<String> apps = client.checkExists().forPath(appRoot) == null ? List.of() : client.getChildren().forPath(appRoot);
            for (String app : apps) {
                if (!app.startsWith("application_")) {
                    continue; // HIERARCHIES: the split index's folders, empty at split 0
                }
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat).forPath(appRoot + "/" + app);
                } catch (KeeperException.NoNodeException retiredMeanwhile) {
                    // the RMs keep their newest applications and go on writing while we read: one listed a moment
                    // ago may be removed now. Its removal was noted in the ledger first, so the check knows it.
                    continue;
                }
                out.append(app).append(' ').append(stat.getCzxid()).append(' ').append(epochOf(data)).append('\n');
            }
            Files.writeString(Path.of(args[1]), out.toString());
        }
        System.exit(0);
    }

    /** The epoch an application's payload names, or -1 when it names none. */
    static long epochOf(byte[] payload) {
        Matcher m = EPOCH.matcher(new String(payload, 0, Math.min(payload.length, 200), StandardCharsets.ISO_8859_1));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    static List<Stored> read(Path file) throws IOException {
        List<Stored> stored = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(" ");
            if (f.length == 3) {
                stored.add(new Stored(f[0], Long.parseLong(f[1]), Long.parseLong(f[2])));
            }
        }
        return stored;
    }
}
