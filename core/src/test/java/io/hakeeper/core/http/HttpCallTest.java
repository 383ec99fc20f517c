package io.hakeeper.core.http;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import io.hakeeper.core.util.FreePorts;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HttpCall against a real JDK HTTP server on loopback: answers, refusals, timeouts, and the kept-alive connection. */
class HttpCallTest {
    private HttpServer server;
    private URI base;
    /** Each request's method and the client's port: the same port twice means one connection served both. */
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = HttpServers.create(new InetSocketAddress("127.0.0.1", 0), 10);
        server.createContext("/ok", ex -> {
            seen.add(ex.getRequestMethod() + " " + ex.getRemoteAddress().getPort());
            byte[] body = "{\"state\":\"standby\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/refused", ex -> {
            byte[] body = "lease ran out".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(409, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/hang", ex -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void aPostGoesOutOnTheConnectionAGetLeftOpen() throws Exception {
        HttpCall.Response get = HttpCall.send("GET", base.resolve("/ok"), Duration.ofSeconds(5));
        HttpCall.Response post = HttpCall.send("POST", base.resolve("/ok"), Duration.ofSeconds(5));
        assertEquals(200, get.status());
        assertEquals("{\"state\":\"standby\"}", post.body());
        assertEquals(2, seen.size(), seen.toString());
        assertEquals("GET", seen.get(0).split(" ")[0]);
        assertEquals("POST", seen.get(1).split(" ")[0]);
        // one client port for both: the activation pays for no connect when the health check keeps one open
        assertEquals(seen.get(0).split(" ")[1], seen.get(1).split(" ")[1], seen.toString());
    }

    @Test
    void anErrorStatusComesBackWithItsBodyNotAsAnException() throws Exception {
        HttpCall.Response r = HttpCall.send("POST", base.resolve("/refused"), Duration.ofSeconds(5));
        assertEquals(409, r.status());
        assertEquals("lease ran out", r.body());
    }

    @Test
    void nothingListeningIsAConnectException() throws Exception {
        int closed = FreePorts.reserve(1)[0];
        assertThrows(ConnectException.class,
                () -> HttpCall.send("GET", URI.create("http://127.0.0.1:" + closed + "/ok"), Duration.ofSeconds(2)));
    }

    @Test
    void noAnswerWithinTheTimeoutIsASocketTimeout() {
        long t0 = System.nanoTime();
        assertThrows(SocketTimeoutException.class, () -> HttpCall.send("GET", base.resolve("/hang"), Duration.ofMillis(300)));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "the timeout bounds the call");
    }
}
