package io.hakeeper.core.zk;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A registration as an ephemeral znode that is only ever ours (docs/ARCHITECTURE.md, the model: Kafka's CheckedEphemeral).
 * Create; if the znode exists, look at its owner: our current session (a create retried after a lost reply) keeps it
 * with fresh data; one of our earlier sessions (a stale node that has not expired yet) is deleted and recreated; any
 * other live session is refused with a clear error, never stolen. Call {@link #register()} again on every new
 * session. Not thread-safe by design: its owner calls it from its one loop.
 */
public final class CheckedEphemeral {
    private final CuratorFramework client;
    private final String path;
    private final Supplier<byte[]> data;
    private final Set<Long> ourSessions = ConcurrentHashMap.newKeySet();

    /** Nothing happens until {@link #register()}. */
    public CheckedEphemeral(CuratorFramework client, String path, Supplier<byte[]> data) {
        this.client = client;
        this.path = path;
        this.data = data;
    }

    public String path() {
        return path;
    }

    /**
     * Makes the znode ours in the current session.
     *
     * @return the session id that owns it now
     * @throws HakeeperException (CONFLICT) when another live session owns it
     */
    public long register() throws Exception {
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        ourSessions.add(session);
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                client.create().withMode(CreateMode.EPHEMERAL).forPath(path, data.get());
                return session;
            } catch (KeeperException.NodeExistsException e) {
                Stat stat = client.checkExists().forPath(path);
                if (stat == null) {
                    continue; // expired in between: create again
                }
                long owner = stat.getEphemeralOwner();
                if (owner == session) {
                    client.setData().withVersion(stat.getVersion()).forPath(path, data.get());
                    return session;
                }
                if (!ourSessions.contains(owner)) {
                    throw new HakeeperException(ExitCode.CONFLICT, path + " is held by another live session (0x"
                            + Long.toHexString(owner) + (owner == 0 ? ", a persistent znode" : "") + "): another process"
                            + " registered this name; stop it, or wait for its session to expire");
                }
                try {
                    client.delete().withVersion(stat.getVersion()).forPath(path); // our own stale registration
                } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
                    // expired or changed meanwhile: look again
                }
            }
        }
        throw new HakeeperException(ExitCode.CONFLICT, path + " kept changing while we registered: someone else is"
                + " racing for this name");
    }

    /** Deletes the znode if the current session owns it; true when it was ours. */
    public boolean unregister() throws Exception {
        Stat stat = client.checkExists().forPath(path);
        if (stat == null || stat.getEphemeralOwner() != client.getZookeeperClient().getZooKeeper().getSessionId()) {
            return false;
        }
        try {
            client.delete().withVersion(stat.getVersion()).forPath(path);
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
            return false;
        }
        return true;
    }

    /** True when the znode exists and the current session owns it. */
    public boolean isRegistered() throws Exception {
        Stat stat = client.checkExists().forPath(path);
        return stat != null && stat.getEphemeralOwner() == client.getZookeeperClient().getZooKeeper().getSessionId();
    }
}
