package io.hakeeper.bench.failover;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import io.hakeeper.core.http.HttpCall;
import java.net.URI;
import java.time.Duration;
import org.apache.hadoop.ha.HAServiceProtocol;
import org.apache.hadoop.ha.HAServiceStatus;
import org.apache.hadoop.ha.HealthCheckFailedException;
import org.apache.hadoop.ha.ServiceFailedException;

/**
 * Hadoop's {@link HAServiceProtocol} spoken to a sample master over its HTTP endpoints: what lets Hadoop's own
 * ZKFailoverController drive the same masters our controller drives.
 *
 * <p>A refused connection is retried the way Hadoop's IPC client retries it ({@code retries} more attempts,
 * {@code retryIntervalMs} apart: by default 1 and 1 s), so the peer waits where a real ZKFC in front of a dead
 * NameNode waits. Without that the adapter would make Hadoop's controller look faster than it is. The calls go through
 * the same HTTP client as our controller's ({@link HttpCall}), so neither side pays for a slower one.
 */
final class HttpHaProtocol implements HAServiceProtocol, Closeable {
    private final URI base;
    private final Duration timeout;
    private final int retries;
    private final long retryIntervalMs;

    HttpHaProtocol(URI base, int timeoutMs, int retries, long retryIntervalMs) {
        this.base = base;
        this.timeout = Duration.ofMillis(timeoutMs > 0 ? timeoutMs : 20_000);
        this.retries = retries;
        this.retryIntervalMs = retryIntervalMs;
    }

    @Override
    public void monitorHealth() throws IOException {
        HttpCall.Response r = send("GET", "/health");
        if (r.status() != 200 || !r.body().replace(" ", "").contains("\"healthy\":true")) {
            throw new HealthCheckFailedException("sample master unhealthy: " + r.body());
        }
    }

    @Override
    public void transitionToActive(StateChangeRequestInfo reqInfo) throws IOException {
        // Hadoop hands its service no fencing token; the sample master wants a number for its ledger, so a clock
        expect(send("POST", "/ha/active?epoch=" + System.currentTimeMillis()), "active");
    }

    @Override
    public void transitionToStandby(StateChangeRequestInfo reqInfo) throws IOException {
        expect(send("POST", "/ha/standby"), "standby");
    }

    @Override
    public void transitionToObserver(StateChangeRequestInfo reqInfo) throws IOException {
        throw new ServiceFailedException("the sample master has no observer state");
    }

    @Override
    public HAServiceStatus getServiceStatus() throws IOException {
        HttpCall.Response r = send("GET", "/ha/state");
        HAServiceState state = r.body().contains("\"active\"") ? HAServiceState.ACTIVE : HAServiceState.STANDBY;
        return new HAServiceStatus(state).setReadyToBecomeActive();
    }

    private static void expect(HttpCall.Response r, String what) throws ServiceFailedException {
        if (r.status() / 100 != 2) {
            throw new ServiceFailedException("sample master refused to become " + what + ": " + r.body());
        }
    }

    private HttpCall.Response send(String method, String path) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return HttpCall.send(method, URI.create(base + path), timeout);
            } catch (ConnectException e) {
                if (attempt >= retries) {
                    throw e;
                }
                sleep(retryIntervalMs);
            }
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        // nothing held: kept-alive connections are the JDK's to cache and idle out
    }
}
