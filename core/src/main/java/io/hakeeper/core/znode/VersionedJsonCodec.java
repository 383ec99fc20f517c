package io.hakeeper.core.znode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.zookeeper.data.Stat;

/**
 * JSON payloads that carry a {@code "version"} field, as Kafka's znodes do. Writes always use the newest version;
 * reads accept every version the real system ever wrote (one reader per version) and reject any other with an
 * error that names the znode, the version found and the versions understood.
 *
 * <p>The writer controls field order because the real systems' readers do not care but our golden-byte tests do.
 */
public final class VersionedJsonCodec<T> implements ZnodeCodec<T> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String typeName;
    private final int writeVersion;
    private final Function<T, ObjectNode> writer;
    private final Map<Integer, Function<JsonNode, T>> readers;

    private VersionedJsonCodec(String typeName, int writeVersion, Function<T, ObjectNode> writer,
                               Map<Integer, Function<JsonNode, T>> readers) {
        this.typeName = typeName;
        this.writeVersion = writeVersion;
        this.writer = writer;
        this.readers = Map.copyOf(readers);
    }

    /** A new JSON object that already holds {@code "version": v} as its first field. */
    public static ObjectNode versioned(int version) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("version", version);
        return node;
    }

    public static <T> Builder<T> builder(String typeName) {
        return new Builder<>(typeName);
    }

    @Override
    public byte[] encode(T value) {
        ObjectNode node = writer.apply(value);
        JsonNode version = node.get("version");
        if (version == null || version.asInt() != writeVersion) {
            throw new IllegalStateException(typeName + " writer must emit \"version\": " + writeVersion);
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + typeName, e);
        }
    }

    @Override
    public T decode(String path, byte[] data, Stat stat) {
        if (data == null || data.length == 0) {
            throw new CorruptZnodeException(path, "is empty where a " + typeName + " JSON document was expected", null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new CorruptZnodeException(path, "is not JSON (" + firstLine(e.getMessage())
                    + "); it was not written by a " + typeName + " writer", e);
        }
        if (node == null || !node.isObject()) {
            throw new CorruptZnodeException(path, "holds JSON that is not an object; not a " + typeName, null);
        }
        JsonNode v = node.get("version");
        if (v == null || !v.canConvertToInt()) {
            throw new CorruptZnodeException(path, "has no integer \"version\" field; not a " + typeName, null);
        }
        Function<JsonNode, T> reader = readers.get(v.asInt());
        if (reader == null) {
            throw new CorruptZnodeException(path, typeName + " version " + v.asInt() + " is not one this hakeeper reads "
                    + new TreeMap<>(readers).keySet() + ": upgrade hakeeper, or find out who wrote it", null);
        }
        try {
            return reader.apply(node);
        } catch (RuntimeException e) {
            if (e instanceof CorruptZnodeException) {
                throw e;
            }
            throw new CorruptZnodeException(path, "is a malformed " + typeName + " v" + v.asInt() + " ("
                    + firstLine(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Reads a required field, failing with a message that names it (turned into a {@link CorruptZnodeException}). */
    public static JsonNode required(JsonNode node, String field) {
        JsonNode f = node.get(field);
        if (f == null || f.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return f;
    }

    public static final class Builder<T> {
        private final String typeName;
        private final Map<Integer, Function<JsonNode, T>> readers = new TreeMap<>();
        private Function<T, ObjectNode> writer;
        private int writeVersion = -1;

        private Builder(String typeName) {
            this.typeName = typeName;
        }

        /** The writer for the version we produce; it must start its object with {@link #versioned(int)}. */
        public Builder<T> writes(int version, Function<T, ObjectNode> writer) {
            this.writeVersion = version;
            this.writer = writer;
            return this;
        }

        public Builder<T> reads(int version, Function<JsonNode, T> reader) {
            readers.put(version, reader);
            return this;
        }

        /** The same reader for several versions that differ only in fields it treats as optional. */
        public Builder<T> reads(int fromVersion, int toVersion, Function<JsonNode, T> reader) {
            for (int v = fromVersion; v <= toVersion; v++) {
                readers.put(v, reader);
            }
            return this;
        }

        public VersionedJsonCodec<T> build() {
            if (writer == null || !readers.containsKey(writeVersion)) {
                throw new IllegalStateException(typeName + ": a codec must read the version it writes");
            }
            return new VersionedJsonCodec<>(typeName, writeVersion, writer, readers);
        }
    }
}
