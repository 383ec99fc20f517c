package io.hakeeper.core.config;

import io.hakeeper.core.error.HakeeperException;
import java.time.Duration;

/** Parsing of configuration values that many keys share, each failure one line naming the key and the fix. */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** A positive number of milliseconds; {@code dflt} when the value is absent (null). */
    public static Duration positiveMillis(String key, String value, Duration dflt) {
        if (value == null) {
            return dflt;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException ignored) {
            // one message below
        }
        throw HakeeperException.config(key + "=" + value + " is not a positive number of milliseconds: fix it, or remove it"
                + " for the default " + dflt.toMillis());
    }

    /** A TCP port, 1..65535. {@code what} names where it came from, e.g. a key or a server entry. */
    public static int port(String what, String value) {
        try {
            int p = Integer.parseInt(value.trim());
            if (p > 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // one message below
        }
        throw HakeeperException.config(what + " has the bad port '" + value + "': ports are 1..65535");
    }
}
