package io.hakeeper.core.health;

import io.hakeeper.core.config.ConfigValues;
import io.hakeeper.core.error.HakeeperException;
import java.net.URI;

/** Health checks written as one string, the same everywhere a check is configured (controllers, agents). */
public final class HealthChecks {
    private HealthChecks() {
    }

    /**
     * {@code http(s)://...[#field=value]} (2xx, optionally a JSON field match), {@code tcp:host:port} or
     * {@code command:CMD} (exit 0).
     *
     * @param what names the setting in errors, e.g. "hakeeper.health for nn1" or "--health"
     */
    public static HealthCheck parse(String spec, String what) {
        if (spec.startsWith("tcp:")) {
            String hp = spec.substring(4);
            int c = hp.lastIndexOf(':');
            if (c <= 0) {
                throw HakeeperException.config(what + " is '" + spec + "': write tcp:host:port");
            }
            return new TcpCheck(hp.substring(0, c), ConfigValues.port(what, hp.substring(c + 1)));
        }
        if (spec.startsWith("command:")) {
            return new CommandCheck(spec.substring("command:".length()));
        }
        if (spec.startsWith("http://") || spec.startsWith("https://")) {
            int hash = spec.indexOf('#');
            if (hash < 0) {
                return new HttpCheck(URI.create(spec), null, null);
            }
            String[] fv = spec.substring(hash + 1).split("=", 2);
            if (fv.length != 2) {
                throw HakeeperException.config(what + ": after '#' write field=value");
            }
            return new HttpCheck(URI.create(spec.substring(0, hash)), fv[0], fv[1]);
        }
        throw HakeeperException.config(what + " is '" + spec + "': write http://...[#field=value], tcp:host:port or"
                + " command:CMD");
    }
}
