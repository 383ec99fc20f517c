package io.hakeeper.core.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hakeeper.core.error.HakeeperException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Every daemon's small HTTP face (design.md §3): its own routes ({@code /status} JSON, {@code /health} and
 * {@code /active} answering 200 or 503 for load balancers) plus {@code /metrics} in Prometheus text from its
 * {@link #registry()}. The constructor does no I/O; {@link #start()} binds; {@link #close()} is idempotent.
 */
public final class AdminServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a route answers. */
    public record Response(int status, String contentType, String body) {
        public static Response json(int status, Object value) {
            try {
                return new Response(status, "application/json", JSON.writeValueAsString(value));
            } catch (IOException e) {
                return new Response(500, "text/plain", "cannot render status: " + e.getMessage());
            }
        }

        public static Response text(int status, String body) {
            return new Response(status, "text/plain; charset=utf-8", body);
        }
    }

    private final String host;
    private final int port;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Supplier<Response>> routes = new ConcurrentHashMap<>();
    private HttpServer http;
    private boolean closed;

    public AdminServer(String host, int port) {
        this.host = host;
        this.port = port;
        routes.put("/metrics", () -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Adds a GET route; call before {@link #start()}. */
    public AdminServer route(String path, Supplier<Response> handler) {
        routes.put(path, handler);
        return this;
    }

    public synchronized void start() {
        if (http != null) {
            throw new IllegalStateException("admin server already started");
        }
        try {
            http = HttpServer.create(new InetSocketAddress(host, port), 32);
        } catch (IOException e) {
            throw HakeeperException.config("cannot serve the admin HTTP endpoints on " + host + ":" + port + " ("
                    + e.getMessage() + "): choose another port");
        }
        routes.forEach((path, handler) -> http.createContext(path, ex -> answer(ex, handler)));
        http.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "admin-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
    }

    /** The bound port (the chosen one when configured as 0). */
    public int port() {
        return http == null ? port : http.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, Supplier<Response> handler) throws IOException {
        Response r;
        try {
            r = handler.get();
        } catch (RuntimeException e) {
            r = Response.text(500, "error: " + e.getMessage());
        }
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", r.contentType());
        ex.sendResponseHeaders(r.status(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (http != null) {
            http.stop(0);
        }
        registry.close();
    }
}
