package io.hakeeper.core.config;

import io.hakeeper.core.error.HakeeperException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Parsing of configuration values that many keys share, each failure one line naming the key and the fix. */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** A positive number of milliseconds; {@code dflt} when the value is absent (null). */
    /**
     * Hadoop's configuration indirection (ZKUtil.resolveConfIndirection): a value {@code @/path/file} stands for the
     * file's contents, so secrets such as {@code ha.zookeeper.auth} stay out of the site files. Reads the file.
     */
    public static String resolveIndirection(String key, String value) {
        if (value == null || !value.trim().startsWith("@")) {
            return value;
        }
        Path file = Path.of(value.trim().substring(1).trim());
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw HakeeperException.config("cannot read " + file + " named by " + key + " (" + e.getMessage()
                    + "): fix the path after '@' or give the value inline");
        }
    }

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
