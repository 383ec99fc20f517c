package io.hakeeper.hbase;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.core.zk.CheckedEphemeral;
import io.hakeeper.core.zk.LeaseWatchdog;
import io.hakeeper.core.zk.SessionTracker;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active and backup masters as HBase elects them (ActiveMasterManager, layouts.md §3.5), in one loop:
 * <ul>
 *   <li>every master first registers {@code /hbase/backup-masters/<servername>} (ephemeral, the Master message);</li>
 *   <li>it tries to create the ephemeral {@code /hbase/master}; the winner deletes its backup node and is active,
 *       with the znode's creation zxid as its epoch (each new active's is higher);</li>
 *   <li>a master that finds its own address (host and port) in {@code /hbase/master} under another session, written
 *       by one of hakeeper's agents ({@link HbaseBytes#writtenByUs}), is a restart of itself: it deletes the stale
 *       node and tries again. A node with our address that a real HBase master wrote is never touched: the agent
 *       stays a backup (and says so once) rather than take the role from a live master that would not step down;</li>
 *   <li>an active whose node is gone or no longer its own stops being active; so does one that has not heard from
 *       ZooKeeper for 2/3 of the session timeout: its {@link LeaseWatchdog}, on a thread of its own, makes
 *       {@link #epoch()} say -1 at once, however long the loop is stuck, and queues the demotion on the loop;</li>
 *   <li>on close an active deletes {@code /hbase/master} only when it still holds its own name.</li>
 * </ul>
 * The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class MasterAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MasterAgent.class);

    public interface Listener {
        void becameActive(long epoch);

        void becameBackup(String why);
    }

    private final CuratorFramework client;
    private final HbaseZnodes znodes;
    private final ServerName server;
    private final byte[] data;
    private final Listener listener;
    private final CheckedEphemeral backup;
    private final SessionTracker session;
    private final LeaseWatchdog lease;
    private final AgentLoop loop;

    // confined to the loop thread
    private long backupSession = -1;
    private long activeSession = -1;
    private volatile long epoch = -1;
    /** Set by the lease watchdog when the lease lapsed while active. */
    private volatile boolean revoked;
    private LeaseWatchdog.Hold hold;
    private final io.hakeeper.core.util.Throttle foreignLog = new io.hakeeper.core.util.Throttle(Duration.ofMinutes(1));
    private boolean closed;

    public MasterAgent(CuratorFramework client, HbaseZnodes znodes, ServerName server, int infoPort, String identifier,
            Listener listener) {
        this.client = client;
        this.znodes = znodes;
        this.server = server;
        this.data = HbaseBytes.wrap(HbaseBytes.ourWriter(identifier), HbaseMessages.master(server, infoPort));
        this.listener = listener;
        this.backup = new CheckedEphemeral(client, znodes.backupMaster(server), () -> data);
        this.session = new SessionTracker(client, Duration.ofMillis(100));
        this.lease = new LeaseWatchdog(session, SessionTracker.LEASE_FRACTION, "master-agent-" + server);
        this.loop = new AgentLoop("master-agent-" + server);
    }

    public synchronized MasterAgent start() {
        session.start(); // a second start() fails here
        lease.start();
        loop.start(this::tick, Duration.ofMillis(100));
        return this;
    }

    /** The epoch while active (and the lease holds), else -1. */
    public long epoch() {
        return revoked ? -1 : epoch;
    }

    private void tick() {
        try {
            if (!session.isConnected()) {
                return;
            }
            long sid = session.liveSessionId();
            if (epoch >= 0) {
                Stat stat = client.checkExists().forPath(znodes.master());
                if (sid != activeSession || stat == null || stat.getEphemeralOwner() != sid) {
                    demote(znodes.master() + " is no longer ours");
                }
                return;
            }
            if (backupSession != sid) {
                backupSession = backup.register();
                LOG.info("{}: registered as a backup master", server);
            }
            tryToBecomeActive(sid);
        } catch (HakeeperException e) {
            LOG.error("{}: {}", server, e.getMessage());
        } catch (Exception e) {
            LOG.warn("{}: {} (will retry)", server, e.toString());
        }
    }

    private void tryToBecomeActive(long sid) throws Exception {
        Stat stat = new Stat();
        try {
            client.create().storingStatIn(stat).withMode(CreateMode.EPHEMERAL).forPath(znodes.master(), data);
        } catch (KeeperException.NodeExistsException e) {
            byte[] current;
            try {
                current = client.getData().storingStatIn(stat).usingWatcher((Watcher) event -> loop.wake()).forPath(znodes.master());
            } catch (KeeperException.NoNodeException gone) {
                return; // the next tick tries again
            }
            if (stat.getEphemeralOwner() != sid) {
                HbaseMessages.Master holder = HbaseMessages.parseMaster(znodes.master(), HbaseBytes.unwrap(znodes.master(), current));
                if (holder.server().sameAddress(server) && !HbaseBytes.writtenByUs(znodes.master(), current)) {
                    if (foreignLog.ready()) {
                        LOG.error("{}: {} names our address ({}) but was written by {}, not by a hakeeper agent: a real"
                                + " HBase master? leaving it alone; a registering master-agent is for masters that do"
                                + " not register themselves", server, znodes.master(), holder.server(),
                                HbaseBytes.writer(znodes.master(), current));
                    }
                } else if (holder.server().sameAddress(server)) {
                    LOG.warn("{}: {} names our own address ({}) from an earlier run: deleting it and retrying", server,
                            znodes.master(), holder.server());
                    try {
                        client.delete().withVersion(stat.getVersion()).forPath(znodes.master());
                    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException changed) {
                        // someone else moved first
                    }
                }
                return; // another master is active; the watch wakes us when it goes
            }
            // ours: a create whose reply was lost
        }
        activeSession = sid;
        backup.unregister();
        backupSession = -1;
        revoked = false;
        hold = lease.hold(server + "'s active-master epoch " + stat.getCzxid(), () -> {
            revoked = true; // at once, on the watchdog's thread
            loop.execute(() -> demote("its lease lapsed (no word from ZooKeeper for 2/3 of the session) or its session expired"));
        });
        LOG.info("{}: active master (epoch {})", server, stat.getCzxid());
        listener.becameActive(stat.getCzxid()); // first: whoever reads epoch() may act on it at once
        epoch = stat.getCzxid();
    }

    private void demote(String why) {
        if (epoch < 0) {
            return;
        }
        epoch = -1;
        activeSession = -1;
        if (hold != null) {
            hold.release();
            hold = null;
        }
        LOG.warn("{}: no longer the active master: {}", server, why);
        listener.becameBackup(why);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        try {
            if (epoch >= 0) {
                Stat stat = new Stat();
                byte[] current = client.getData().storingStatIn(stat).forPath(znodes.master());
                ServerName holder = HbaseMessages.parseMaster(znodes.master(), HbaseBytes.unwrap(znodes.master(), current)).server();
                if (holder.equals(server)) { // only our own name: never another master's
                    client.delete().withVersion(stat.getVersion()).forPath(znodes.master());
                }
            }
            backup.unregister();
        } catch (Exception e) {
            LOG.debug("{}: cleanup on close: {} (the session takes the ephemerals with it)", server, e.toString());
        }
        lease.close();
        session.close();
    }
}
