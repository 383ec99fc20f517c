package io.hakeeper.quorum.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;
import org.apache.zookeeper.metrics.MetricsContext;
import org.apache.zookeeper.metrics.MetricsProviderLifeCycleException;
import org.junit.jupiter.api.Test;

class PrometheusTextMetricsProviderTest {
    @Test
    void servesCountersGaugesAndSummariesAsPrometheusText() throws Exception {
        PrometheusTextMetricsProvider provider = new PrometheusTextMetricsProvider();
        Properties p = new Properties();
        p.setProperty("httpHost", "127.0.0.1");
        p.setProperty("httpPort", "0");
        provider.configure(p);
        provider.start();
        try {
            MetricsContext root = provider.getRootContext();
            root.getCounter("write_count").add(3);
            root.registerGauge("znode_count", () -> 42);
            root.getSummary("read_latency", MetricsContext.DetailLevel.BASIC).add(7);
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + provider.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertTrue(r.body().contains("\nwrite_count 3\n"), r.body());
            assertTrue(r.body().contains("\nznode_count 42\n"), r.body());
            assertTrue(r.body().contains("\ncnt_read_latency 1\n"), r.body());
            assertTrue(r.body().contains("# TYPE write_count untyped\n"), r.body());
        } finally {
            provider.stop();
        }
    }

    @Test
    void aBadPortIsAClearError() {
        Properties p = new Properties();
        p.setProperty("httpPort", "seven");
        MetricsProviderLifeCycleException e = assertThrows(MetricsProviderLifeCycleException.class,
                () -> new PrometheusTextMetricsProvider().configure(p));
        assertTrue(e.getMessage().contains("httpPort"));
    }
}
