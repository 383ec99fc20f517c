package io.hakeeper.core.util;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Loopback ports the kernel hands out now, for local ensembles and tests. */
public final class FreePorts {
    private FreePorts() {
    }

    /** {@code n} distinct ports: all are held open together, so one call never returns the same port twice. */
    public static int[] reserve(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }
}
