package io.hakeeper.core.znode;

import java.util.Objects;
import org.apache.zookeeper.data.Stat;

/**
 * One znode of a known type: where it lives and how its bytes read. The pattern of Kafka's ZkData: layout classes
 * ({@code KafkaZnodes}, {@code HBaseZnodes}, ...) hand these out, so paths and payloads are written down once.
 */
public final class Znode<T> {
    private final String path;
    private final ZnodeCodec<T> codec;

    public Znode(String path, ZnodeCodec<T> codec) {
        if (path == null || !path.startsWith("/") || (path.length() > 1 && path.endsWith("/"))) {
            throw new IllegalArgumentException("not a znode path: '" + path + "'");
        }
        this.path = path;
        this.codec = Objects.requireNonNull(codec);
    }

    public String path() {
        return path;
    }

    public byte[] encode(T value) {
        return codec.encode(value);
    }

    public T decode(byte[] data, Stat stat) {
        return codec.decode(path, data, stat);
    }

    public ZnodeCodec<T> codec() {
        return codec;
    }

    @Override
    public String toString() {
        return path;
    }
}
