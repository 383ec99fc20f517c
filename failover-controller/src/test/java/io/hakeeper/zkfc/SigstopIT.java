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
}
