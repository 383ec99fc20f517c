package io.hakeeper.core.health;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthMonitorIT {
    @TempDir
    Path dir;

    final List<String> changes = new CopyOnWriteArrayList<>();
    final HealthMonitor.Listener recorder = (from, to, why) -> changes.add(to.name());

    @Test
    void aCrashedServiceIsNoticedAtOnceNotAtTheNextPoll() throws Exception {
        int port = FreePorts.reserve(1)[0];
        try (JavaProcess service = JavaProcess.of("tiny", TinyService.class.getName(), List.of("-Xmx64m"),
                List.of(Integer.toString(port)), dir.resolve("tiny.log")).start()) {
            HealthCheck http = new HttpCheck(URI.create("http://127.0.0.1:" + port + "/health"), "state", "ok");
            Await.until(() -> http.check(Duration.ofSeconds(1)).state() == HealthState.SERVICE_HEALTHY,
                    Duration.ofSeconds(30), "the service to start");
            // a 60 s poll: only the held connection can explain noticing the crash quickly
            HealthSettings slowPoll = new HealthSettings(Duration.ofSeconds(60), Duration.ofMillis(200),
                    Duration.ofSeconds(60), Duration.ofSeconds(5));
            try (HealthMonitor monitor = new HealthMonitor("tiny", List.of(http), new InetSocketAddress("127.0.0.1", port),
                    slowPoll, recorder)) {
                monitor.start();
                Await.until(() -> monitor.state() == HealthState.SERVICE_HEALTHY, Duration.ofSeconds(10), "healthy");
                Thread.sleep(300); // the watch connection is open
                long killed = System.nanoTime();
                service.kill9();
                Await.until(() -> monitor.state() == HealthState.SERVICE_NOT_RESPONDING, Duration.ofSeconds(20),
                        "the crash to be noticed");
                long ms = (System.nanoTime() - killed) / 1_000_000;
                assertTrue(ms < 20_000, "noticed in " + ms + " ms, long before the 60 s poll");
                assertTrue(monitor.reason().contains("connection refused"), monitor.reason());
                assertEquals(List.of("SERVICE_HEALTHY", "SERVICE_NOT_RESPONDING"), changes);
            }
        }
    }

    @Test
    void checksJudgeStatusJsonAndCommandsAndFireOnChangeOnly() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        AtomicReference<String> body = new AtomicReference<>("{\"ha\":{\"state\":\"ok\"}}");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/h", ex -> {
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/h");
            Duration t = Duration.ofSeconds(2);
            assertEquals(HealthState.SERVICE_HEALTHY, new HttpCheck(uri, "ha.state", "ok").check(t).state());
            body.set("{\"ha\":{\"state\":\"degraded\"}}");
            HealthCheck.Result wrongField = new HttpCheck(uri, "ha.state", "ok").check(t);
            assertEquals(HealthState.SERVICE_UNHEALTHY, wrongField.state());
            assertTrue(wrongField.reason().contains("ha.state is degraded, not ok"), wrongField.reason());
            status.set(503);
            assertEquals(HealthState.SERVICE_UNHEALTHY, new HttpCheck(uri, null, null).check(t).state());

            assertEquals(HealthState.SERVICE_HEALTHY, new CommandCheck("true").check(t).state());
            assertEquals(HealthState.SERVICE_UNHEALTHY, new CommandCheck("echo sick; exit 2").check(t).state());
            HealthCheck.Result hung = new CommandCheck("sleep 30").check(Duration.ofMillis(300));
            assertEquals(HealthState.SERVICE_NOT_RESPONDING, hung.state(), hung.reason());
            assertEquals(HealthState.SERVICE_HEALTHY,
                    new TcpCheck("127.0.0.1", server.getAddress().getPort()).check(t).state());

            status.set(200);
            HealthSettings fast = new HealthSettings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50),
                    Duration.ofSeconds(2));
            try (HealthMonitor monitor = new HealthMonitor("svc", List.of(new HttpCheck(uri, null, null)), null, fast,
                    recorder)) {
                monitor.start();
                Await.until(() -> monitor.state() == HealthState.SERVICE_HEALTHY, Duration.ofSeconds(5), "healthy");
                Thread.sleep(300); // several polls, no change
                status.set(500);
                Await.until(() -> monitor.state() == HealthState.SERVICE_UNHEALTHY, Duration.ofSeconds(5), "unhealthy");
                Thread.sleep(300);
                assertEquals(List.of("SERVICE_HEALTHY", "SERVICE_UNHEALTHY"), changes, "one event per change");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void hadoopKeysAndDefaults() {
        HealthSettings d = HealthSettings.from(java.util.Map.of());
        assertEquals(1000, d.checkInterval().toMillis());
        assertEquals(45000, d.checkTimeout().toMillis());
        assertEquals(250, HealthSettings.from(java.util.Map.of(HealthSettings.CHECK_INTERVAL, "250")).checkInterval().toMillis());
        var e = assertThrows(io.hakeeper.core.error.HakeeperException.class,
                () -> HealthSettings.from(java.util.Map.of(HealthSettings.RPC_TIMEOUT, "soon")));
        assertTrue(e.getMessage().startsWith("ha.health-monitor.rpc-timeout.ms=soon"), e.getMessage());
    }
}
