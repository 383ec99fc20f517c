package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With nn1 preferred: after a failover away from it, nn1 takes the active role back once healthy for the delay. */
class PreferredActiveIT extends ControllerPairBase {
    @Override
    String extraConfig() {
        return "hakeeper.preferred-active.demo=nn1\nhakeeper.failback.delay.ms=4000\n";
    }

    @Test
    void failsBackToThePreferredNodeGracefully() throws Exception {
        awaitExactlyOneActive(Duration.ofSeconds(60));
        Await.until(() -> "active".equals(state("nn1")), Duration.ofSeconds(30), "nn1 (preferred) active");
        ZkfcSettings settings = ZkfcSettings.from(io.hakeeper.core.config.ConfigFiles.read(List.of(config)), null, null);
        HaAdmin haadmin = new HaAdmin(settings, new java.io.PrintWriter(new java.io.StringWriter(), true),
                Duration.ofSeconds(10));
        Await.until(() -> adminAnswers("nn2", "/health", 200), Duration.ofSeconds(10), "nn2 healthy");
        long away = System.nanoTime(); // before nn1 stands down (during the failover): the delay counts from then
        assertEquals(0, haadmin.failover("nn1", "nn2"));
        assertEquals("active", state("nn2"));

        Await.until(() -> "active".equals(state("nn1")), Duration.ofSeconds(30), "failback to nn1");
        long ms = (System.nanoTime() - away) / 1_000_000;
        assertTrue(ms >= 4000, "not before the failback delay, counted from when nn1 stood down: " + ms + " ms");
        assertEquals("standby", state("nn2"));
        assertTrue(java.nio.file.Files.readString(dir.resolve("zkfc-nn1.log")).contains("failing back gracefully"));
    }
}
