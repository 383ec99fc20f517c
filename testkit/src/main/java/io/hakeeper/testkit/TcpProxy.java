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
    /** How long each reply waits in the proxy before it goes on (a slow network or a slow server), in ms. */
    private volatile long replyDelayMs;
    private volatile boolean closed;

    private TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = listen();
    }

    /**
     * A loopback port below the kernel's ephemeral range (32768 and up by default), tried at random until one binds:
     * tests reserve their processes' ports from the ephemeral range ({@code FreePorts}) and bind them later, and a
     * proxy given port 0 in between could take one of them (a controller then failed to bind its admin port).
     */
    private static ServerSocket listen() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        IOException last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                return new ServerSocket(random.nextInt(20_000, 32_000), 50, InetAddress.getLoopbackAddress());
            } catch (java.net.BindException taken) {
                last = taken;
            }
        }
        throw new IOException("no free loopback port in 20000-32000 after 50 tries", last);
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

    /** Delays every reply by {@code delay} from now on (order kept); zero for none. */
    public void delayReplies(java.time.Duration delay) {
        this.replyDelayMs = delay.toMillis();
    }

    /** Closes every connection through the proxy (the clients see them drop and connect again); keeps listening. */
    public void dropConnections() {
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
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
        // a reader that stamps each chunk as it arrives, and a writer that sends it once its delay (if any) has passed
        // since then: a delay, not a backlog
        java.util.concurrent.BlockingQueue<Object[]> chunks = new java.util.concurrent.LinkedBlockingQueue<>();
        Object end = new Object();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    Mode m = mode;
                    if (m == Mode.PASS || (m == Mode.DROP_REPLIES && !replies)) {
                        long due = System.nanoTime() + (replies ? replyDelayMs : 0) * 1_000_000;
                        chunks.add(new Object[] {java.util.Arrays.copyOf(buf, n), due});
                    }
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                chunks.add(new Object[] {end, 0L});
            }
        }, "proxy-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Object[] c = chunks.take();
                    if (c[0] == end) {
                        break;
                    }
                    long wait = (long) c[1] - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    out.write((byte[]) c[0]);
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
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
