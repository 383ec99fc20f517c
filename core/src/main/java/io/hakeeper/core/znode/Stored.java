package io.hakeeper.core.znode;

import org.apache.zookeeper.data.Stat;

/** A decoded value together with the {@link Stat} it was read with (for versioned writes and owner checks). */
public record Stored<T>(T value, Stat stat) {
    public int version() {
        return stat.getVersion();
    }
}
