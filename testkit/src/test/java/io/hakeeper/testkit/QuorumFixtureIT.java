package io.hakeeper.testkit;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.InstanceSpec;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QuorumFixtureIT {
    @RegisterExtension
    static final ProcessQuorumExtension PROCESSES = new ProcessQuorumExtension(1);

    @Test
    void findsTheLeaderSurvivesItsDeathAndExpiresSessions() throws Exception {
        try (QuorumFixture quorum = QuorumFixture.start(3); CuratorFramework client = quorum.connect()) {
            InstanceSpec leader = quorum.leader().orElseThrow();
            assertTrue(quorum.kill(leader));
            Await.until(() -> quorum.leader().filter(l -> !l.equals(leader)).isPresent(), Duration.ofSeconds(30), "new leader");

            client.create().withMode(CreateMode.EPHEMERAL).forPath("/mine");
            AtomicBoolean lost = new AtomicBoolean();
            client.getConnectionStateListenable().addListener((c, s) -> lost.compareAndSet(false, s == ConnectionState.LOST));
            quorum.expireSession(client);
            Await.until(lost::get, Duration.ofSeconds(20), "session loss");
            Await.until(() -> exists(client, "/mine") == Boolean.FALSE, Duration.ofSeconds(20), "ephemeral removal");
            assertTrue(quorum.restart(leader));
        }
    }

    @Test
    void processQuorumServesClients() throws Exception {
        try (CuratorFramework client = io.hakeeper.core.zk.ZkSettings.builder(PROCESSES.connectString()).build().connect()) {
            client.create().forPath("/p", "1".getBytes());
            assertArrayEquals("1".getBytes(), client.getData().forPath("/p"));
            assertTrue(PROCESSES.ensemble().member(1).process().isAlive());
        }
    }

    private static Boolean exists(CuratorFramework c, String path) {
        try {
            return c.checkExists().forPath(path) != null;
        } catch (Exception e) {
            return null;
        }
    }
}
