package io.hakeeper.rm;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.rm.StoreProtos.Version;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A ResourceManager's recoverable state in ZooKeeper, in ZKRMStateStore's layout (layouts.md §2.2 to §2.6).
 *
 * <p>Fencing: every mutation goes through the {@link Writer} as one {@code multi}. Embedded in {@link RmElector},
 * the writer is the elector's fenced write, which puts a version check of the election breadcrumb in front of the
 * ops: a new active rewrites the breadcrumb before it acts, so a deposed active's multi fails as a whole at
 * ZooKeeper, and the elector refuses it before sending once it knows (or its lease says) it lost. We chose this
 * over ZKRMStateStore's scheme (a per-process digest secret granted CREATE/DELETE on the root ACL, reassigned by each
 * new active, plus a fencing znode created and deleted inside every multi) because it needs no secrets or ACL
 * rewrites, costs one check op instead of two writes per multi, and is the same token the elector hands the host.
 * {@code RmStateStoreIT} and {@code RmFailoverIT} prove it with a deposed active that keeps writing.
 *
 * <p>Reads are direct; {@link #loadState()} is the pipelined bulk read of {@link StateLoader}. The constructor does
 * no I/O; {@link #open()} creates the layout and checks the version.
 */
public final class RmStateStore {
    /** The version this store writes: ZKRMStateStore's CURRENT_VERSION_INFO of Hadoop 3.x. */
    public static final Version CURRENT_VERSION = new Version(1, 5);

    /** How mutations reach ZooKeeper: one atomic multi per call. */
    @FunctionalInterface
    public interface Writer {
        void write(List<CuratorOp> ops) throws Exception;
    }

    private final CuratorFramework client;
    private final StoreSettings settings;
    private final StoreLayout layout;
    private final Writer writer;

    public RmStateStore(CuratorFramework client, StoreSettings settings, Writer writer) {
        this.client = client;
        this.settings = settings;
        this.layout = settings.layout();
        this.writer = writer;
    }

    /** A writer without fencing: for formatting and tools, never for an active RM. */
    public static Writer unfenced(CuratorFramework client) {
        return ops -> client.transaction().forOperations(ops);
    }

    public StoreSettings settings() {
        return settings;
    }

    /**
     * Creates the parent path and every store directory that is missing (idempotent, as YARN's startInternal), then
     * checks the version: none means 1.0; the same major version is upgraded to {@link #CURRENT_VERSION}; another
     * major version is refused.
     */
    public void open() throws Exception {
        for (String dir : layout.directories()) {
            try {
                client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(dir, new byte[0]);
            } catch (KeeperException.NodeExistsException ignored) {
                // made by an earlier start
            }
        }
        Stat stat = client.checkExists().forPath(layout.version());
        Version stored = versionOf(stat);
        if (stored.major() != CURRENT_VERSION.major()) {
            throw new HakeeperException(ExitCode.BAD_DATA, "the state store at " + layout.root() + " is version " + stored
                    + ", which this ResourceManager (" + CURRENT_VERSION + ") cannot read: format it (hakeeper rm store"
                    + " format) or run a ResourceManager of version " + stored.major() + ".x");
        }
        if (!stored.equals(CURRENT_VERSION)) {
            byte[] v = StoreProtos.version(CURRENT_VERSION);
            writer.write(List.of(stat == null ? client.transactionOp().create().forPath(layout.version(), v)
                    : client.transactionOp().setData().withVersion(stat.getVersion()).forPath(layout.version(), v)));
        }
    }

    /** The version the store records, read only: 1.0 when it has no version node (as YARN reads it). */
    public Version storedVersion() throws Exception {
        return versionOf(client.checkExists().forPath(layout.version()));
    }

    private Version versionOf(Stat versionNode) throws Exception {
        return versionNode == null ? new Version(1, 0)
                : StoreProtos.version(layout.version(), client.getData().forPath(layout.version()));
    }

    // ---- applications and attempts ---------------------------------------------------------------------------

    public void storeApplication(String appId, byte[] state) throws Exception {
        checkAppId(appId);
        checkSize("application " + appId, state);
        int split = settings.appSplitIndex();
        List<CuratorOp> ops = new ArrayList<>();
        String parent = layout.appParent(appId, split);
        if (parent != null && client.checkExists().forPath(parent) == null) {
            ops.add(client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(parent, new byte[0]));
        }
        ops.add(client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(layout.appPath(appId, split), state));
        writer.write(ops);
    }

    public void updateApplication(String appId, byte[] state) throws Exception {
        checkSize("application " + appId, state);
        String path = locate(appId);
        if (path == null) {
            storeApplication(appId, state); // as YARN: an update of an application never stored stores it
            return;
        }
        writer.write(List.of(client.transactionOp().setData().forPath(path, state)));
    }

    /** Removes the application, its attempts and, under a split index, its parent once empty. */
    public void removeApplication(String appId) throws Exception {
        String path = locate(appId);
        if (path == null) {
            return;
        }
        List<CuratorOp> ops = new ArrayList<>();
        for (String attempt : client.getChildren().forPath(path)) {
            ops.add(client.transactionOp().delete().forPath(path + "/" + attempt));
        }
        ops.add(client.transactionOp().delete().forPath(path));
        String parent = path.substring(0, path.lastIndexOf('/'));
        if (parent.contains("/HIERARCHIES/") && client.getChildren().forPath(parent).size() == 1) {
            ops.add(client.transactionOp().delete().forPath(parent));
        }
        writer.write(ops);
    }

    public void storeAttempt(String appId, String attemptId, byte[] state) throws Exception {
        writeAttempt(appId, attemptId, state, false);
    }

    public void updateAttempt(String appId, String attemptId, byte[] state) throws Exception {
        writeAttempt(appId, attemptId, state, true);
    }

    private void writeAttempt(String appId, String attemptId, byte[] state, boolean update) throws Exception {
        if (!attemptId.startsWith(StoreLayout.ATTEMPT_PREFIX) || attemptId.contains("/")) {
            throw new IllegalArgumentException("not an attempt id: '" + attemptId + "' (appattempt_...)");
        }
        checkSize("attempt " + attemptId, state);
        String app = locate(appId);
        if (app == null) {
            throw new HakeeperException(ExitCode.NOT_FOUND, "no application " + appId + " in the store for attempt "
                    + attemptId + ": store the application first");
        }
        String path = app + "/" + attemptId;
        writer.write(List.of(update && client.checkExists().forPath(path) != null
                ? client.transactionOp().setData().forPath(path, state)
                : client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(path, state)));
    }

    /** The application's znode under any split index (changing the index keeps old applications reachable). */
    private String locate(String appId) throws Exception {
        checkAppId(appId);
        String configured = layout.appPath(appId, settings.appSplitIndex());
        if (client.checkExists().forPath(configured) != null) {
            return configured;
        }
        for (int split = 0; split <= StoreLayout.MAX_SPLIT; split++) {
            if (split != settings.appSplitIndex() && appId.length() > split
                    && client.checkExists().forPath(layout.appPath(appId, split)) != null) {
                return layout.appPath(appId, split);
            }
        }
        return null;
    }

    // ---- delegation tokens, keys, AMRM state -----------------------------------------------------------------

    public void storeMasterKey(int keyId, byte[] key) throws Exception {
        checkSize("master key " + keyId, key);
        writer.write(List.of(client.transactionOp().create().withMode(CreateMode.PERSISTENT)
                .forPath(layout.masterKeyPath(keyId), key)));
    }

    public void removeMasterKey(int keyId) throws Exception {
        writer.write(List.of(client.transactionOp().delete().forPath(layout.masterKeyPath(keyId))));
    }

    /** The token and the sequence number in one multi, as ZKRMStateStore stores them. */
    public void storeToken(int sequence, byte[] token) throws Exception {
        checkSize("delegation token " + sequence, token);
        int split = settings.tokenSplitIndex();
        List<CuratorOp> ops = new ArrayList<>();
        String parent = layout.tokenParent(sequence, split);
        if (parent != null && client.checkExists().forPath(parent) == null) {
            ops.add(client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(parent, new byte[0]));
        }
        ops.add(client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(layout.tokenPath(sequence, split), token));
        byte[] seq = StoreProtos.sequenceNumber(sequence);
        ops.add(client.checkExists().forPath(layout.sequenceNumber()) == null
                ? client.transactionOp().create().forPath(layout.sequenceNumber(), seq)
                : client.transactionOp().setData().forPath(layout.sequenceNumber(), seq));
        writer.write(ops);
    }

    public void removeToken(int sequence) throws Exception {
        for (int split = 0; split <= StoreLayout.MAX_SPLIT; split++) {
            String path = layout.tokenPath(sequence, split);
            if (client.checkExists().forPath(path) != null) {
                List<CuratorOp> ops = new ArrayList<>(List.of(client.transactionOp().delete().forPath(path)));
                String parent = layout.tokenParent(sequence, split);
                if (parent != null && client.getChildren().forPath(parent).size() == 1) {
                    ops.add(client.transactionOp().delete().forPath(parent));
                }
                writer.write(ops);
                return;
            }
        }
    }

    public void storeAmrmTokenState(byte[] state) throws Exception {
        checkSize("AMRM token state", state);
        writer.write(List.of(client.transactionOp().setData().forPath(layout.amrmTokenRoot(), state)));
    }

    // ---- epoch and recovery ----------------------------------------------------------------------------------

    /** Reads the epoch (an empty store: yarn.resourcemanager.epoch), stores the next one, returns the one read. */
    public long getAndIncrementEpoch() throws Exception {
        Stat stat = client.checkExists().forPath(layout.epoch());
        long current = stat == null ? settings.baseEpoch() : StoreProtos.epoch(layout.epoch(), client.getData().forPath(layout.epoch()));
        byte[] next = StoreProtos.epoch(current + 1);
        writer.write(List.of(stat == null ? client.transactionOp().create().forPath(layout.epoch(), next)
                : client.transactionOp().setData().withVersion(stat.getVersion()).forPath(layout.epoch(), next)));
        return current;
    }

    /** Everything stored, read in pipelined batches (see {@link StateLoader}). */
    public RmState loadState(java.time.Duration deadline) throws Exception {
        return new StateLoader(client.getZookeeperClient().getZooKeeper(), layout, settings.baseEpoch(), deadline).load();
    }

    private void checkSize(String what, byte[] value) {
        if (value.length > settings.maxZnodeBytes()) {
            throw new StoreLimitException(what, value.length, settings.maxZnodeBytes());
        }
    }

    private static void checkAppId(String appId) {
        if (!appId.startsWith(StoreLayout.APP_PREFIX) || appId.contains("/") || appId.length() <= StoreLayout.APP_PREFIX.length() + StoreLayout.MAX_SPLIT) {
            throw new IllegalArgumentException("not an application id: '" + appId + "' (application_<cluster timestamp>_<sequence>)");
        }
    }
}
