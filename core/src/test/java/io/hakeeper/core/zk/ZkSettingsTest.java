package io.hakeeper.core.zk;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ZkSettingsTest {
    @Test
    void acceptsHostsPortsAndAChroot() {
        ZkSettings s = ZkSettings.builder("127.0.0.1:2181,127.0.0.1:2182/hakeeper").build();
        assertEquals("/hakeeper", s.chroot());
        assertEquals("", ZkSettings.builder("zk1").build().chroot());
    }

    @Test
    void rejectsMalformedConnectStrings() {
        for (String bad : new String[] {"", "host:port", "host:99999", "h:2181/", ":2181"}) {
            HakeeperException e = assertThrows(HakeeperException.class, () -> ZkSettings.builder(bad), bad);
            assertEquals(ExitCode.CONFIG, e.exitCode());
        }
    }

    @Test
    void rejectsNonPositiveTimeouts() {
        assertThrows(HakeeperException.class, () -> ZkSettings.builder("h:1").sessionTimeout(Duration.ZERO));
    }

    @Test
    void authNeedsSchemeAndCredentials() {
        assertThrows(HakeeperException.class, () -> AuthSpec.parse("digest"));
        assertThrows(HakeeperException.class, () -> AuthSpec.parse("digest:nopassword"));
        assertEquals("digest", AuthSpec.parse("digest:u:p").scheme());
    }

    @Test
    void deadlinePolicyStopsAtTheDeadline() {
        DeadlineRetryPolicy p = new DeadlineRetryPolicy(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(200));
        assertTrue(p.allowRetry(0, 0, (t, u) -> { }));
        assertTrue(p.allowRetry(30, 199, (t, u) -> { }));
        assertFalse(p.allowRetry(1, 200, (t, u) -> { }));
        for (int i = 0; i < 40; i++) {
            long s = p.sleepFor(i);
            assertTrue(s >= 5 && s <= 50, "sleep " + s);
        }
    }
}
