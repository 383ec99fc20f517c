package io.hakeeper.quorum;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 3-member ensemble of real processes: one leader; kill -9 it; nothing acknowledged is lost; it rejoins. */
class DevEnsembleIT {
    @TempDir
    Path dir;

    @Test
    void killNineTheLeaderLosesNoAcknowledgedWriteAndTheMemberRejoins() throws Exception {
        try (DevEnsemble ensemble = new DevEnsemble(3, 0, false, dir).start(Duration.ofSeconds(90))) {
            List<ServerStatus> status = ensemble.status();
            assertEquals(1, status.stream().filter(s -> s.mode().equals("leader")).count(), status.toString());
            assertEquals(2, status.stream().filter(s -> s.mode().equals("follower")).count(), status.toString());
            int oldLeader = ensemble.leaderId();

            try (CuratorFramework client = ZkSettings.builder(ensemble.connectString()).build().connect()) {
                for (int i = 0; i < 100; i++) {
                    client.create().creatingParentsIfNeeded().forPath("/acked/n" + i, ("v" + i).getBytes());
                }
            }

            long pid = ensemble.member(oldLeader).process().pid();
            ensemble.kill9(oldLeader);
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the leader's process is gone");
            ensemble.awaitQuorum(Duration.ofSeconds(60));
            int newLeader = ensemble.leaderId();
            assertNotEquals(-1, newLeader);
            assertNotEquals(oldLeader, newLeader);

            try (CuratorFramework client = ZkSettings.builder(ensemble.connectString()).build().connect()) {
                for (int i = 0; i < 100; i++) {
                    assertArrayEquals(("v" + i).getBytes(), client.getData().forPath("/acked/n" + i), "write " + i);
                }
                client.create().forPath("/acked/after-failover");
            }

            ensemble.restart(oldLeader);
            DevEnsemble.Member rejoined = ensemble.member(oldLeader);
            Await.until(() -> ensemble.probe().probe("127.0.0.1", rejoined.clientPort()).mode().equals("follower"),
                    Duration.ofSeconds(60), "rejoin of member " + oldLeader);
            // read through the rejoined member alone: it caught up, including the write made while it was dead
            try (CuratorFramework only = ZkSettings.builder(rejoined.address()).build().connect()) {
                only.sync().forPath("/acked");
                assertEquals(101, only.getChildren().forPath("/acked").size());
            }
        }
    }

    @Test
    void dataSurvivesARestartOfTheWholeEnsemble() throws Exception {
        String connect;
        try (DevEnsemble ensemble = new DevEnsemble(1, 0, false, dir).start(Duration.ofSeconds(60))) {
            connect = ensemble.connectString();
            try (CuratorFramework client = ZkSettings.builder(connect).build().connect()) {
                client.create().forPath("/kept", "yes".getBytes());
            }
        }
        try (DevEnsemble again = new DevEnsemble(1, 0, false, dir).start(Duration.ofSeconds(60))) {
            assertEquals(connect, again.connectString(), "same ports");
            try (CuratorFramework client = ZkSettings.builder(again.connectString()).build().connect()) {
                assertArrayEquals("yes".getBytes(), client.getData().forPath("/kept"));
            }
            assertEquals("standalone", again.status().get(0).mode());
        }
    }
}
