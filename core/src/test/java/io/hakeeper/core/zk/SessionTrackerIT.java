package io.hakeeper.core.zk;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

class SessionTrackerIT {
    @Test
    void newSessionBumpsTheEpochAndDropsOldCallbacks() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder("127.0.0.1:" + server.getPort())
                     .sessionTimeout(Duration.ofSeconds(4)).build().connect();
             SessionTracker tracker = new SessionTracker(client, Duration.ofMillis(100))) {
            AtomicInteger newSessions = new AtomicInteger();
            tracker.addListener(new SessionTracker.Listener() {
                @Override
                public void newSession(long epoch, long sessionId) {
                    newSessions.incrementAndGet();
                }
            });
            tracker.start();
            assertEquals(1, tracker.sessionEpoch());
            long firstSession = tracker.sessionId();
            assertNotEquals(0, firstSession);

            AtomicInteger ran = new AtomicInteger();
            Runnable fromFirstSession = tracker.guard(ran::incrementAndGet);
            fromFirstSession.run();
            assertEquals(1, ran.get());

            SessionExpirer.expire(client, Duration.ofSeconds(10));
            io.hakeeper.core.util.Await.until(() -> tracker.sessionEpoch() == 2 && tracker.isConnected(), Duration.ofSeconds(20), "second session");
            assertNotEquals(firstSession, tracker.sessionId());
            assertEquals(2, newSessions.get(), "told of the first session and of the new one");
            assertFalse(tracker.isCurrent(1));
            fromFirstSession.run();
            assertEquals(1, ran.get(), "a callback of the first session must be dropped");
        }
    }

    @Test
    void lastHeardGrowsWhileTheServerIsGone() throws Exception {
        try (TestingServer server = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder("127.0.0.1:" + server.getPort())
                     .sessionTimeout(Duration.ofSeconds(6)).build().connect();
             SessionTracker tracker = new SessionTracker(client, Duration.ofMillis(100))) {
            tracker.start();
            Thread.sleep(500);
            assertTrue(tracker.sinceLastHeard().toMillis() < 400, "heartbeats refresh it: " + tracker.sinceLastHeard());
            server.stop();
            Thread.sleep(1500);
            assertTrue(tracker.sinceLastHeard().toMillis() >= 1200, "no heartbeat answers: " + tracker.sinceLastHeard());
        }
    }
}
