package io.hakeeper.quorum;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Sends one of ZooKeeper's four-letter words to a client port and returns the answer. Over TLS when given an
 * {@link SSLContext} (a TLS-only quorum has no plaintext port). Bounded by a timeout on connect and on every read.
 */
public final class FourLetterWord {
    private FourLetterWord() {
    }

    public static String send(String host, int port, String word, SSLContext tls, Duration timeout) throws IOException {
        int ms = (int) timeout.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), ms);
            socket.setSoTimeout(ms);
            Socket s = socket;
            if (tls != null) {
                SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
                ssl.setSoTimeout(ms);
                ssl.startHandshake();
                s = ssl;
            }
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
