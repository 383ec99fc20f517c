package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.quorum.DevEnsemble;
import io.hakeeper.quorum.ServerStatus;
import io.hakeeper.core.util.Await;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Controllers on a 3-member ensemble of real processes: restarting a follower, then the leader, each within the
 * session timeout, must cause no failover at all (the lease must not lapse while ZooKeeper recovers).
 */
class ZooKeeperRestartIT extends ControllerPairBase {
    DevEnsemble ensemble;

    @Override
    String quorum() throws Exception {
        ensemble = new DevEnsemble(3, 0, false, dir.resolve("zk")).start(Duration.ofSeconds(120));
        return ensemble.connectString();
    }

    @Override
    int sessionTimeoutMs() {
        return 10_000; // Hadoop's default
    }

    @AfterEach
    void stopEnsemble() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void restartingAFollowerAndThenTheLeaderCausesNoFailover() throws Exception {
        String active = awaitExactlyOneActive(Duration.ofSeconds(60));

        int leader = ensemble.leaderId();
        int follower = leader == 1 ? 2 : 1;
        for (int member : new int[] {follower, leader}) {
            ensemble.restart(member);
            ensemble.awaitQuorum(Duration.ofSeconds(30));
            Await.until(() -> ensemble.status().stream().allMatch(ServerStatus::serving), Duration.ofSeconds(30),
                    "every member serving again");
            Thread.sleep(1000);
            assertEquals("active", state(active), active + " stayed active through the restart of member " + member);
        }
        // a controller that reconnects re-verifies its lock and rewrites the breadcrumb, as Hadoop's does, so its
        // master may be re-activated with a higher epoch; what must not happen is any other master activating
        java.util.List<String> activations = checker.records().stream().filter(r -> r.contains(" ACQUIRE ")).toList();
        assertTrue(activations.stream().allMatch(r -> r.split(" ")[2].equals(active)),
                "no failover: every activation is " + active + "'s: " + activations);
    }
}
