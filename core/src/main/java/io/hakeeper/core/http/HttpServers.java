package io.hakeeper.core.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK's HTTP servers with Nagle's algorithm off. The JDK's server writes a response's headers and its
 * body apart and leaves TCP_NODELAY off unless {@code sun.net.httpserver.nodelay} is set: the body then waits for the
 * client's delayed ACK of the headers, up to 40 ms on Linux, on every answer. A master's "I am active" and a
 * controller's admin replies are on the failover path, where 40 ms is more than the rest of the work.
 */
public final class HttpServers {
    private HttpServers() {
    }

    /** An unstarted server bound to {@code address}, answering without Nagle's delay. */
    public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
        // read once, when the JDK's server configuration class loads: set before the first server is made
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        return HttpServer.create(address, backlog);
    }
}
