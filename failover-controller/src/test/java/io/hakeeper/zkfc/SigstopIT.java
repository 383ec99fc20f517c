package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SIGSTOP the active controller and its master for longer than the session timeout: the other becomes active; after
 * SIGCONT the old one comes back as standby and never acted as active in between. The master's lease is what
 * stops a thawed master from acting before its controller has demoted it; the ledger (checked after the test)
 * proves no write of the old epoch came after the new one.
 */
class SigstopIT extends ControllerPairBase {
    @Test
    void aFrozenActiveComesBackAsStandbyAndNeverActsInBetween() throws Exception {
        String active = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = active.equals("nn1") ? "nn2" : "nn1";
        Thread.sleep(500);

        controllers.get(active).suspend();
        masters.get(active).suspend();
        long frozen = System.nanoTime();
        Await.until(() -> "active".equals(state(other)), Duration.ofSeconds(60), other + " to take over");
        long tookMs = (System.nanoTime() - frozen) / 1_000_000;
        assertTrue(tookMs >= sessionTimeoutMs(), "not before the frozen one's session could expire: " + tookMs + " ms");
        Thread.sleep(1000); // the new active works a while

        masters.get(active).resume();
        controllers.get(active).resume();
        Await.until(() -> "standby".equals(state(active)), Duration.ofSeconds(15), active + " back as standby");
        Thread.sleep(2000); // give a zombie every chance to write
        assertEquals("active", state(other), other + " is still the active");
        assertTrue(checker.records().stream().anyMatch(r -> r.contains(" WRITE " + other + " ")), "the new active wrote");
    }

    /**
     * Hole: the active's controller alone frozen past its master's lease (2.2 s against a 1.33 s lease; its 4 s session
     * survives). The master stands down by itself; the controller, waking, found its renewal refused and kept the lock
     * and "masterActive" forever, leaving the group with no active. Now it leaves the election at once: a master is
     * active again within a few seconds of waking, and every controller's /status says what its master says.
     */
    @Test
    void aControllerFrozenPastItsMastersLeaseLetsAMasterBeActiveAgain() throws Exception {
        String active = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = active.equals("nn1") ? "nn2" : "nn1";
        Await.until(() -> adminAnswers(other, "/health", 200), Duration.ofSeconds(30), other + "'s controller up");
        Thread.sleep(500);

        controllers.get(active).suspend();
        Await.until(() -> "standby".equals(state(active)), Duration.ofSeconds(10), active + "'s lease to run out");
        Thread.sleep(2200 - 1333); // frozen 2.2 s in all: past the lease, well inside the session
        controllers.get(active).resume();
        long woke = System.nanoTime();
        String now = awaitExactlyOneActive(Duration.ofSeconds(5));
        long backMs = (System.nanoTime() - woke) / 1_000_000;
        System.out.println("a master active again " + backMs + " ms after the controller woke: " + now);
        for (String nn : masterPorts.keySet()) {
            boolean masterSays = "active".equals(state(nn));
            Await.until(() -> statusSays(nn, "\"masterActive\":" + masterSays),
                    Duration.ofSeconds(5), nn + "'s /status to say masterActive " + masterSays);
        }
        Thread.sleep(1000);
        assertEquals(now, awaitExactlyOneActive(Duration.ofSeconds(5)), "it stays active");
    }

    private boolean statusSays(String nn, String text) {
        try {
            return admin(nn, "/status").body().contains(text);
        } catch (Exception e) {
            return false;
        }
    }
}
