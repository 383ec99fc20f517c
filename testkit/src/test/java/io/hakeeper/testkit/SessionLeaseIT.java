package io.hakeeper.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.SessionTracker;
import io.hakeeper.core.zk.ZkSettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/**
 * Hole: on a (re)connect, SessionTracker stamped "last heard" with the time the handshake's reply arrived. The server
 * heard us when the handshake was sent, which with a slow reply is long before: the lease then outlived the server's
 * view of the session by the delay. A reconnect is now stamped only by a heartbeat's send time, once answered.
 */
class SessionLeaseIT {
    @Test
    void aReconnectWhoseReplyIsDelayedDoesNotRenewTheLease() throws Exception {
        try (TestingServer server = new TestingServer(true);
             TcpProxy proxy = TcpProxy.start("127.0.0.1", server.getPort());
             CuratorFramework client = ZkSettings.builder(proxy.address()).sessionTimeout(Duration.ofSeconds(6))
                     .connectionTimeout(Duration.ofSeconds(6)).build().connect();
             SessionTracker tracker = new SessionTracker(client, Duration.ofMillis(100))) {
            AtomicLong atReconnect = new AtomicLong(-1);
            tracker.addListener(new SessionTracker.Listener() {
                @Override
                public void reconnected() {
                    atReconnect.set(tracker.sinceLastHeard().toMillis());
                }
            });
            tracker.start();
            Await.until(() -> tracker.sinceLastHeard().toMillis() < 300, Duration.ofSeconds(10), "heartbeats answered");

            proxy.delayReplies(Duration.ofMillis(1500)); // every reply, the handshake's included, comes 1.5 s late
            Thread.sleep(2000);
            proxy.dropConnections(); // the client connects again, to the same session
            Await.until(() -> atReconnect.get() >= 0, Duration.ofSeconds(10), "reconnected in the same session");
            System.out.println("at the reconnect, last heard " + atReconnect.get() + " ms ago");
            assertTrue(atReconnect.get() >= 1500, "the reconnect's late reply did not count as hearing from ZooKeeper"
                    + " now: last heard " + atReconnect.get() + " ms ago");
            proxy.delayReplies(Duration.ZERO);
            Await.until(() -> tracker.sinceLastHeard().toMillis() < 1000, Duration.ofSeconds(10), "heartbeats answered again");
        }
    }
}
