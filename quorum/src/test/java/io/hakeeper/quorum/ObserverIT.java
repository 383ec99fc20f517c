package io.hakeeper.quorum;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 3 voters and 2 observers: observers serve reads, forward writes, and do not count towards the quorum. */
class ObserverIT {
    @TempDir
    Path dir;

    @Test
    void observersServeReadsForwardWritesAndDoNotVote() throws Exception {
        try (DevEnsemble ensemble = new DevEnsemble(3, 2, false, dir).start(Duration.ofSeconds(120))) {
            DevEnsemble.Member observer = ensemble.member(4);
            assertTrue(observer.observer());
            assertEquals("observer", ensemble.probe().probe("127.0.0.1", observer.clientPort()).mode());
            assertEquals("observer", ensemble.probe().probe("127.0.0.1", ensemble.member(5).clientPort()).mode());

            try (CuratorFramework viaVoter = ZkSettings.builder(ensemble.member(1).address()).build().connect();
                 CuratorFramework viaObserver = ZkSettings.builder(observer.address()).build().connect()) {
                viaVoter.create().forPath("/from-voter", "1".getBytes());
                viaObserver.sync().forPath("/from-voter");
                assertArrayEquals("1".getBytes(), viaObserver.getData().forPath("/from-voter"), "observer serves reads");
                viaObserver.create().forPath("/from-observer", "2".getBytes());
                viaVoter.sync().forPath("/from-observer");
                assertArrayEquals("2".getBytes(), viaVoter.getData().forPath("/from-observer"), "observer forwards writes");
            }

            // two voters gone: 3 of 5 processes live, a majority if observers voted, but only 1 of 3 voters
            int leader = ensemble.leaderId();
            int otherVoter = leader == 1 ? 2 : 1;
            ensemble.kill9(leader);
            ensemble.kill9(otherVoter);
            Await.until(() -> ensemble.status().stream().noneMatch(ServerStatus::serving), Duration.ofSeconds(30),
                    "loss of quorum");
            HakeeperException e = assertThrows(HakeeperException.class, () -> ZkSettings.builder(observer.address())
                    .connectionTimeout(Duration.ofSeconds(3)).build().connect().close());
            assertTrue(e.getMessage().contains("could not reach"), e.getMessage());
        }
    }
}
