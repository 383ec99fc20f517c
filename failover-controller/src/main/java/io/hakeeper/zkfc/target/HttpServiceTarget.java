package io.hakeeper.zkfc.target;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hakeeper.core.http.HttpCall;
import java.io.IOException;
import java.net.URI;
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

    public HttpServiceTarget(URI base) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    @Override
    public State state(Duration timeout) throws Exception {
        HttpCall.Response r = send("GET", "/state", timeout);
        JsonNode state = JSON.readTree(r.body()).get("state");
        if (state == null) {
            throw new IOException("GET " + base + "/state answered no \"state\" field");
        }
        return State.valueOf(state.asText().toUpperCase(Locale.ROOT));
    }

    @Override
    public void transitionToActive(long epoch, Duration timeout) throws Exception {
        send("POST", "/active?epoch=" + epoch, timeout);
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
        send("POST", "/active?epoch=" + epoch + "&leaseMs=" + lease.toMillis(), timeout);
    }

    @Override
    public void renewActive(long epoch, Duration lease, Duration timeout) throws Exception {
        String path = "/active?epoch=" + epoch + "&leaseMs=" + lease.toMillis() + "&renew=1";
        HttpCall.Response r = HttpCall.send("POST", URI.create(base + path), timeout);
        if (r.status() == 409) { // the protocol's answer for a lease that ran out or was never held
            throw new LeaseLapsedException(describe() + " refused to renew the lease of epoch " + epoch + ": " + r.body().trim());
        }
        if (r.status() / 100 != 2) {
            throw new IOException("POST " + base + path + " answered " + r.status());
        }
    }

    @Override
    public void transitionToStandby(Duration timeout) throws Exception {
        send("POST", "/standby", timeout);
    }

    /** On the connection the health checks keep open to the same master (HttpCall's keep-alive cache). */
    private HttpCall.Response send(String method, String path, Duration timeout) throws IOException {
        HttpCall.Response r = HttpCall.send(method, URI.create(base + path), timeout);
        if (r.status() / 100 != 2) {
            throw new IOException(method + " " + base + path + " answered " + r.status());
        }
        return r;
    }

    @Override
    public String describe() {
        return "http " + base;
    }
}
