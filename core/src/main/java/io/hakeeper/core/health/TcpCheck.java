package io.hakeeper.core.health;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** Healthy when the port accepts a connection. */
public record TcpCheck(String host, int port) implements HealthCheck {
    @Override
    public Result check(Duration timeout) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return Result.healthy();
        } catch (Exception e) {
            return Result.notResponding("cannot connect to " + host + ":" + port + " (" + e.getMessage() + ")");
        }
    }

    @Override
    public String describe() {
        return "tcp " + host + ":" + port;
    }
}
