package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code kafka status} as a health check: down beats degraded beats healthy, and the line says why. */
class KafkaStatusHealthTest {
    @Test
    void offlinePartitionsOrNoControllerAreDownUnderReplicatedIsDegraded() {
        assertEquals(12, health(false, 17, 3, "health      down: 17 partitions offline"));
        assertEquals(12, health(true, 0, 0, "health      down: no controller"));
        assertEquals(13, health(false, 0, 3, "health      degraded: 3 partitions under-replicated"));
        assertEquals(0, health(false, 0, 0, "health      ok"));
    }

    private static int health(boolean noController, int offline, int under, String line) {
        StringWriter text = new StringWriter();
        int code = KafkaCommand.health(new PrintWriter(text, true), noController, offline, under);
        assertTrue(text.toString().contains(line), text.toString());
        return code;
    }
}
