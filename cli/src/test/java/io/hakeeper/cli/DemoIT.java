package io.hakeeper.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo: one master becomes active; kill -9 it; the other takes over; the ledger shows no split brain. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void killingTheActiveMasterFailsOverAndEverythingStops() throws Exception {
        List<ProcessHandle> started = new ArrayList<>();
        try (Demo demo = new Demo(dir)) {
            demo.start(new PrintWriter(new StringWriter(), true));
            started.addAll(ProcessHandle.current().descendants().toList());
            Await.until(() -> demo.rows().stream().filter(r -> r.state().equals("active")).count() == 1,
                    Duration.ofSeconds(60), "one active master");
            String active = demo.rows().stream().filter(r -> r.state().equals("active")).findFirst().orElseThrow().node();
            String other = active.equals("nn1") ? "nn2" : "nn1";
            assertTrue(DemoCommand.table(demo.rows()).contains(active + " "));
            Await.until(() -> demo.rmRows().stream().filter(r -> r.state().equals("active")).count() == 1,
                    Duration.ofSeconds(60), "one active ResourceManager");
            Await.until(() -> demo.hbaseRows().stream().filter(r -> r.state().equals("active")).count() == 1
                    && demo.hbaseRows().stream().filter(r -> r.state().equals("registered")).count() == 3,
                    Duration.ofSeconds(60), "one active HBase master and three RegionServers registered");
            Await.until(() -> demo.kafkaRows().stream().filter(r -> r.state().equals("controller")).count() == 1
                    && demo.kafkaRows().stream().filter(r -> r.state().equals("registered")).count() == 2,
                    Duration.ofSeconds(60), "one Kafka controller and two more brokers registered");

            demo.master(active).kill9();
            Await.until(() -> demo.rows().stream().anyMatch(r -> r.node().equals(other) && r.state().equals("active")),
                    Duration.ofSeconds(30), other + " to take over");
            Thread.sleep(300);
            assertEquals(List.of(), demo.ledger().violations());
            assertEquals(List.of(), demo.rmLedger().violations());
            assertTrue(demo.ledger().records().stream().anyMatch(r -> r.contains(" WRITE " + other + " ")),
                    "the new active wrote, so the ledger had something to judge");
        }
        for (ProcessHandle p : started) {
            p.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(p.isAlive(), "pid " + p.pid() + " stopped");
        }
    }
}
