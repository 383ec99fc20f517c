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
import java.util.LinkedHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every daemon's small HTTP face (docs/ARCHITECTURE.md): its own routes ({@code /status} JSON, {@code /health} and
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
    /** A request as routes see it: the method and the query parameters. */
    public record Request(String method, Map<String, String> query) {
        public String param(String name, String dflt) {
            return query.getOrDefault(name, dflt);
        }
    }

    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private HttpServer http;
    private boolean closed;

    public AdminServer(String host, int port) {
        this.host = host;
        this.port = port;
        route("/metrics", () -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Adds a read-only route (GET); call before {@link #start()}. */
    public AdminServer route(String path, Supplier<Response> handler) {
        routes.put(path, request -> request.method().equals("GET") ? handler.get()
                : Response.text(405, "use GET on " + path + "\n"));
        return this;
    }

    /** Adds a route that changes something (POST only, so a crawler or a browser prefetch cannot trigger it). */
    public AdminServer action(String path, Function<Request, Response> handler) {
        routes.put(path, request -> request.method().equals("POST") ? handler.apply(request)
                : Response.text(405, "use POST on " + path + "\n"));
        return this;
    }

    public synchronized void start() {
        if (http != null) {
            throw new IllegalStateException("admin server already started");
        }
        try {
            http = HttpServers.create(new InetSocketAddress(host, port), 32);
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

    private static void answer(HttpExchange ex, Function<Request, Response> handler) throws IOException {
        Response r;
        try {
            r = handler.apply(new Request(ex.getRequestMethod(), query(ex.getRequestURI().getRawQuery())));
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

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                String k = java.net.URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                q.put(k, v);
            }
        }
        return q;
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
