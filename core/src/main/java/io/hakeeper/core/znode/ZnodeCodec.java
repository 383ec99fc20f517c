package io.hakeeper.core.znode;

import org.apache.zookeeper.data.Stat;

/**
 * Encodes and decodes one znode type's payload. Decoders receive the path so their errors can name the znode,
 * and the {@link Stat} because some payloads are only meaningful with it (an ephemeral's owner, an mzxid epoch).
 */
public interface ZnodeCodec<T> {
    byte[] encode(T value);

    /** @throws CorruptZnodeException when the bytes are not this type's payload */
    T decode(String path, byte[] data, Stat stat);
}
