package io.hakeeper.hbase;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.election.ElectorOptions;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.core.util.Throttle;
import io.hakeeper.core.zk.CheckedEphemeral;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active and backup masters as HBase elects them (ActiveMasterManager, layouts.md §3.5), on the core {@link Elector}
 * with HBase's layout: the lock is the ephemeral {@code /hbase/master} holding HBase's Master message, there is no
 * breadcrumb (a new HBase master fences nobody), and the term's epoch znode is {@link HbaseZnodes#masterEpoch()}.
 * <ul>
 *   <li>every master not active keeps {@code /hbase/backup-masters/<servername>} registered (ephemeral, the Master
 *       message), again in every new session; the winner deletes its backup node;</li>
 *   <li>the active's epoch is its term's token: each new active's is higher, and the elector's lease (on a thread
 *       that never blocks) revokes it at 2/3 of the session without word from ZooKeeper, or when the session is lost;</li>
 *   <li>a master that finds its own address in {@code /hbase/master} under another session, written by one of
 *       hakeeper's agents ({@link HbaseBytes#writtenByUs}), is a restart of itself: it deletes the stale node and tries
 *       again. A node with our address that a real HBase master wrote is never touched: the agent stays a backup
 *       rather than take the role from a live master that would not step down;</li>
 *   <li>on close an active leaves the election gracefully: {@code /hbase/master} goes only while our session owns it.</li>
 * </ul>
 * The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class MasterAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterAgent.class);
    private volatile io.hakeeper.core.error.HakeeperException failure;

    public interface Listener {
        void becameActive(long epoch);

        void becameBackup(String why);
    }

    private final CuratorFramework client;
    private final HbaseZnodes znodes;
    private final ServerName server;
    private final Listener listener;
    private final CheckedEphemeral backup;
    private final AgentLoop loop;
    private final Elector elector;
    private final Throttle foreignLog = new Throttle(Duration.ofMinutes(1));

    private volatile boolean active;
    private long backupSession = -1; // confined to the loop thread
    private boolean started;
    private boolean closed;

    public MasterAgent(CuratorFramework client, HbaseZnodes znodes, ServerName server, int infoPort, String identifier,
            Listener listener) {
        this.client = client;
        this.znodes = znodes;
        this.server = server;
        this.listener = listener;
        byte[] data = HbaseBytes.wrap(HbaseBytes.ourWriter(identifier), HbaseMessages.master(server, infoPort));
        this.backup = new CheckedEphemeral(client, znodes.backupMaster(server), () -> data);
        this.loop = new AgentLoop("master-agent-" + server);
        this.elector = new Elector(server.toString(), client, data,
                ElectorOptions.lockOnly(znodes.master(), znodes.masterEpoch()), new Callbacks());
    }

    public synchronized MasterAgent start() {
        if (started) {
            throw new IllegalStateException("master agent " + server + " already started");
        }
        started = true;
        elector.start();
        loop.start(this::keepBackupRegistered, Duration.ofMillis(100));
        elector.joinElection();
        return this;
    }

    /** Why the master election stopped for good (the process should exit with it), or null while it runs. */
    public io.hakeeper.core.error.HakeeperException failure() {
        return failure;
    }

    /** The epoch (the term's token) while active and the lease holds, else -1. */
    public long epoch() {
        return elector.epoch();
    }

    /**
     * When the lease of the last term the elector revoked ran out (System.nanoTime; Long.MIN_VALUE when none did):
     * the instant a deposed active stopped acting, however late a frozen process hears of it.
     */
    public long lastLeaseLapseNanos() {
        return elector.lastLeaseLapseNanos();
    }

    /**
     * While not active: {@code /hbase/backup-masters/<us>} registered in the current session (the session id read
     * from the client; the elector's tracker already watches the session, a second heartbeat would add nothing).
     */
    private void keepBackupRegistered() {
        try {
            if (active || !client.getZookeeperClient().isConnected()) {
                return;
            }
            long sid = client.getZookeeperClient().getZooKeeper().getSessionId();
            if (backupSession != sid) {
                backupSession = backup.register();
                if (active) { // won while registering: the winner's unregister may have come first
                    backup.unregister();
                    backupSession = -1;
                    return;
                }
                LOG.info("{}: registered as a backup master", server);
            }
        } catch (Exception e) {
            LOG.warn("{}: {} (will retry)", server, e.toString());
        }
    }

    private final class Callbacks implements ElectorListener {
        @Override
        public void becomeActive(long epoch) {
            active = true;
            try {
                backup.unregister(); // before anyone hears we are active, as HBase's ActiveMasterManager does
            } catch (Exception e) {
                LOG.debug("{}: backup node not removed ({}); it goes with the session", server, e.toString());
            }
            loop.execute(() -> backupSession = -1);
            LOG.info("{}: active master (epoch {})", server, epoch);
            listener.becameActive(epoch);
        }

        @Override
        public void becomeStandby() {
            if (active) {
                active = false;
                LOG.warn("{}: no longer the active master", server);
                listener.becameBackup("no longer the active master");
            }
            loop.wake(); // register as a backup again
        }

        @Override
        public void fenceOldActive(byte[] breadcrumb) {
            // HBase's layout has no breadcrumb: never called
        }

        @Override
        public boolean lockHeldByAnother(Stat lock) throws Exception {
            Stat now = new Stat();
            byte[] lockData;
            try {
                lockData = client.getData().storingStatIn(now).forPath(znodes.master());
            } catch (KeeperException.NoNodeException gone) {
                return true; // gone meanwhile: try again
            }
            HbaseMessages.Master holder = HbaseMessages.parseMaster(znodes.master(), HbaseBytes.unwrap(znodes.master(), lockData));
            if (!holder.server().sameAddress(server)) {
                return false; // another master is active; the elector's watch brings us back when it goes
            }
            if (!HbaseBytes.writtenByUs(znodes.master(), lockData)) {
                if (foreignLog.ready()) {
                    LOG.error("{}: {} names our address ({}) but was written by {}, not by a hakeeper agent: a real"
                            + " HBase master? leaving it alone; a registering master-agent is for masters that do not"
                            + " register themselves", server, znodes.master(), holder.server(),
                            HbaseBytes.writer(znodes.master(), lockData));
                }
                return false;
            }
            LOG.warn("{}: {} names our own address ({}) from an earlier run: deleting it and retrying", server,
                    znodes.master(), holder.server());
            try {
                client.delete().withVersion(now.getVersion()).forPath(znodes.master());
            } catch (KeeperException.NoNodeException | KeeperException.BadVersionException changed) {
                // someone else moved first
            }
            return true;
        }

        @Override
        public void fatal(String reason, Throwable cause) {
            LOG.error("{}: the master election stopped: {}", server, reason);
            failure = io.hakeeper.core.election.ElectorFailure.of(server + ": the master election stopped: " + reason, cause);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        elector.close(); // leaves gracefully: /hbase/master goes only while our session owns it
        loop.close();
        try {
            backup.unregister();
        } catch (Exception e) {
            LOG.debug("{}: cleanup on close: {} (the session takes the ephemerals with it)", server, e.toString());
        }
    }
}
