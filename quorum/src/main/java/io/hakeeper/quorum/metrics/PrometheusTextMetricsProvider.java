package io.hakeeper.quorum.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.apache.zookeeper.metrics.MetricsContext;
import org.apache.zookeeper.metrics.MetricsProvider;
import org.apache.zookeeper.metrics.MetricsProviderLifeCycleException;
import org.apache.zookeeper.metrics.impl.DefaultMetricsProvider;

/**
 * ZooKeeper's metrics in Prometheus text format on {@code http://httpHost:httpPort/metrics}, at the cost of the
 * built-in metrics a stock server keeps anyway.
 *
 * <p>Why not ZooKeeper's own PrometheusMetricsProvider: it feeds every request's latencies into dozens of
 * quantile summaries (CKMS streams); measured with {@code hakeeper bench quorum --peer-set ...} on a 2-core machine
 * it cost about 40% of write throughput. Here the request path only updates ZooKeeper's built-in counters
 * (atomic adds); the text is formatted when Prometheus scrapes. Metric names are the ones {@code mntr} shows
 * (and ZooKeeper's provider uses for counters and gauges); summaries appear as their avg/min/max/cnt/sum
 * (and pNN for detailed ones) rather than as Prometheus summaries. Operators who want the upstream provider can
 * still name it in zoo.cfg; it is on the classpath.
 *
 * <p>Settings ({@code metricsProvider.} prefix in zoo.cfg): {@code httpHost} (default 0.0.0.0), {@code httpPort}
 * (default 7000; 0 picks a free port).
 */
public final class PrometheusTextMetricsProvider implements MetricsProvider {
    private final DefaultMetricsProvider metrics = new DefaultMetricsProvider();
    private String host = "0.0.0.0";
    private int port = 7000;
    private HttpServer http;

    @Override
    public void configure(Properties configuration) throws MetricsProviderLifeCycleException {
        host = configuration.getProperty("httpHost", host);
        try {
            port = Integer.parseInt(configuration.getProperty("httpPort", Integer.toString(port)).trim());
        } catch (NumberFormatException e) {
            throw new MetricsProviderLifeCycleException("metricsProvider.httpPort is not a port number: "
                    + configuration.getProperty("httpPort"), e);
        }
        metrics.configure(configuration);
    }

    @Override
    public void start() throws MetricsProviderLifeCycleException {
        metrics.start();
        try {
            http = io.hakeeper.core.http.HttpServers.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new MetricsProviderLifeCycleException("cannot serve /metrics on " + host + ":" + port
                    + " (" + e.getMessage() + "): choose another metricsProvider.httpPort", e);
        }
        http.createContext("/metrics", this::serve);
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        http.start();
    }

    /** The port /metrics is served on (the chosen one when configured as 0). */
    public int port() {
        return http == null ? port : http.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body = render().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** One {@code name value} line per numeric metric, names made Prometheus-safe. */
    String render() {
        StringBuilder sb = new StringBuilder();
        metrics.dump((key, value) -> {
            if (value instanceof Number n) {
                String name = key.replaceAll("[^a-zA-Z0-9_:]", "_");
                sb.append("# TYPE ").append(name).append(" untyped\n").append(name).append(' ').append(n).append('\n');
            }
        });
        return sb.toString();
    }

    @Override
    public MetricsContext getRootContext() {
        return metrics.getRootContext();
    }

    @Override
    public void stop() {
        if (http != null) {
            http.stop(0);
        }
        metrics.stop();
    }

    @Override
    public void dump(BiConsumer<String, Object> sink) {
        metrics.dump(sink);
    }

    @Override
    public void resetAllValues() {
        metrics.resetAllValues();
    }
}
