package io.hakeeper.core.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One blocking HTTP/1.1 request on the calling thread, through the JDK's {@link HttpURLConnection}: how the health
 * checks and the calls that make a master active or standby speak to it. Not {@code java.net.http.HttpClient}: its
 * hand-offs between the caller, its selector thread and its executor cost a call made once in a while 7-16 ms for a
 * GET and 24-30 ms for a POST on this 2-core machine, against 3-5 and 4-10 ms here (bench failover,
 * BENCHMARKS.md). Connections are kept alive in the JDK's per-process cache, so the activation goes out on the
 * connection the health check's GET, every second, keeps open. The JDK drops a cached connection the other side has
 * closed before reusing it (a killed master's, say), so a call to a dead master meets a refused connect, which the
 * controller reads as "not running"; a connection closed in the middle of a call fails that call (a GET is retried
 * once by the JDK, a POST is not: the controller's caller retries or waits out the lease, as for any failed call).
 */
public final class HttpCall {
    /** The status and the body (the error body for 4xx/5xx; empty when there is none). */
    public record Response(int status, String body) {
    }

    private HttpCall() {
    }

    /**
     * {@code method uri} with no request body, answered within about {@code timeout} (it bounds the connect and each
     * read; our masters' answers are one small read).
     *
     * @throws java.net.ConnectException       when nothing listens there
     * @throws java.net.SocketTimeoutException when there is no answer in time
     */
    public static Response send(String method, URI uri, Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout(millis);
            c.setReadTimeout(millis);
            c.setUseCaches(false);
            if (method.equals("POST") || method.equals("PUT")) {
                c.setFixedLengthStreamingMode(0); // "Content-Length: 0": no body, nothing buffered
                c.setDoOutput(true);
                c.getOutputStream().close();
            }
            int status = c.getResponseCode();
            // read to the end and close, not disconnect: that is what returns the connection to the keep-alive cache
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                return new Response(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            c.disconnect(); // a broken connection must not go back to the cache
            throw e;
        }
    }
}
