package io.hakeeper.zkfc.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * A master with HTTP endpoints under one base URL: {@code GET <base>/state} answering {@code {"state": "active"}},
 * {@code POST <base>/active?epoch=N[&leaseMs=L[&renew=1]]} and {@code POST <base>/standby}, each 2xx on success
 * (as the sample master, which honours leases and answers 409 to the renewal of one that ran out).
 */
public final class HttpServiceTarget implements ServiceTarget {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public HttpServiceTarget(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    @Override
    public State state(Duration timeout) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/state")).GET(), timeout);
        JsonNode state = JSON.readTree(r.body()).get("state");
        if (state == null) {
            throw new IOException("GET " + base + "/state answered no \"state\" field");
        }
        return State.valueOf(state.asText().toUpperCase(Locale.ROOT));
    }

    @Override
    public void transitionToActive(long epoch, Duration timeout) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/active?epoch=" + epoch)).POST(HttpRequest.BodyPublishers.noBody()),
                timeout);
    }

    @Override
    public boolean supportsLease() {
        return true;
    }

    @Override
    public java.util.Optional<java.net.InetSocketAddress> endpoint() {
        int port = base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        return java.util.Optional.of(java.net.InetSocketAddress.createUnresolved(base.getHost(), port));
    }

    @Override
    public void transitionToActive(long epoch, Duration lease, Duration timeout) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/active?epoch=" + epoch + "&leaseMs=" + lease.toMillis()))
                .POST(HttpRequest.BodyPublishers.noBody()), timeout);
    }

    @Override
    public void renewActive(long epoch, Duration lease, Duration timeout) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/active?epoch=" + epoch
                        + "&leaseMs=" + lease.toMillis() + "&renew=1")).POST(HttpRequest.BodyPublishers.noBody())
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 409) { // the protocol's answer for a lease that ran out or was never held
            throw new LeaseLapsedException(describe() + " refused to renew the lease of epoch " + epoch + ": " + r.body().trim());
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException(r.request().method() + " " + r.uri() + " answered " + r.statusCode());
        }
    }

    @Override
    public void transitionToStandby(Duration timeout) throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/standby")).POST(HttpRequest.BodyPublishers.noBody()), timeout);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) throws Exception {
        HttpResponse<String> r = client.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(r.request().method() + " " + r.uri() + " answered " + r.statusCode());
        }
        return r;
    }

    @Override
    public String describe() {
        return "http " + base;
    }
}
