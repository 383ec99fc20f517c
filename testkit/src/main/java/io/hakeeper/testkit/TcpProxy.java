package io.hakeeper.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of one server, to cut a client off while its process keeps running. In
 * {@link Mode#PASS} bytes flow both ways; in {@link Mode#BLACKHOLE} the sockets stay open but nothing gets through
 * (what a dead switch or a partition looks like: no reset, just silence); in {@link Mode#DROP_REPLIES} requests reach
 * the server but its replies are dropped (a request that is applied while its sender never hears of it: the lost
 * reply). {@link #close()} stops it, idempotently.
 */
public final class TcpProxy implements AutoCloseable {
    public enum Mode { PASS, BLACKHOLE, DROP_REPLIES }

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.PASS;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Starts a proxy on a free loopback port in front of {@code host:port}. */
    public static TcpProxy start(String host, int port) throws IOException {
        TcpProxy p = new TcpProxy(new InetSocketAddress(host, port));
        Thread acceptor = new Thread(p::acceptLoop, "proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return p;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port} of the proxy, for a connect string. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public void mode(Mode m) {
        this.mode = m;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (mode == Mode.BLACKHOLE) {
                    sockets.add(client); // accepted, never answered
                    continue;
                }
                Socket upstream = new Socket();
                upstream.connect(target, 5000);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, false);
                pump(upstream, client, true);
            } catch (IOException e) {
                if (!closed) {
                    // the target refused: the client sees its connection dropped, as it would without us
                    continue;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    Mode m = mode;
                    if (m == Mode.PASS || (m == Mode.DROP_REPLIES && !replies)) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(TcpProxy::closeQuietly);
    }
}
