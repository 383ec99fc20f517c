package io.hakeeper.core.zk;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * Ends a live client's session on the server, the way ZooKeeper's own tests do: attach a second handle to the same
 * session id and password, then close it. The server drops the session (ephemerals deleted, watches gone) and the
 * original client is told {@code Expired} on its next contact. Used by chaos drills and tests: it is the real
 * server-side path, not a client-side imitation.
 */
public final class SessionExpirer {
    private SessionExpirer() {
    }

    public static void expire(CuratorFramework victim, Duration deadline) throws Exception {
        ZooKeeper zk = victim.getZookeeperClient().getZooKeeper();
        expire(victim.getZookeeperClient().getCurrentConnectionString(), zk.getSessionId(), zk.getSessionPasswd(), deadline);
    }

    public static void expire(String connectString, long sessionId, byte[] password, Duration deadline) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(connectString, (int) Math.max(deadline.toMillis(), 4000), event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, sessionId, password);
        try {
            if (!connected.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not attach to session 0x" + Long.toHexString(sessionId)
                        + " within " + deadline.toMillis() + " ms");
            }
        } finally {
            twin.close();
        }
    }
}
