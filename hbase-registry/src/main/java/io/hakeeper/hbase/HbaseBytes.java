package io.hakeeper.hbase;

import io.hakeeper.core.znode.CorruptZnodeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The two layers around every HBase payload (layouts.md §3.2): RecoverableZooKeeper's metadata wrapper
 * ({@code 0xFF}, a 4-byte big-endian length, the writer's identifier such as {@code master:16000}, an 8-byte random
 * salt) and the {@code PBUF} magic before the protobuf message. We write both, as HBase does; readers strip the
 * wrapper only when byte 0 is 0xFF (so unwrapped data is read too) and require the magic.
 */
public final class HbaseBytes {
    static final byte META_MAGIC = (byte) 0xFF;
    static final byte[] PB_MAGIC = {'P', 'B', 'U', 'F'};
    private static final SecureRandom SALT = new SecureRandom();

    private HbaseBytes() {
    }

    /** {@code payload} with the PBUF magic and the metadata wrapper of {@code identifier}. */
    public static byte[] wrap(String identifier, byte[] message) {
        byte[] salt = new byte[8];
        SALT.nextBytes(salt);
        return wrap(identifier, salt, message);
    }

    static byte[] wrap(String identifier, byte[] salt, byte[] message) {
        byte[] id = identifier.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + id.length + 8 + PB_MAGIC.length + message.length);
        b.put(META_MAGIC).putInt(id.length + 8).put(id).put(salt).put(PB_MAGIC).put(message);
        return b.array();
    }

    /** The protobuf message inside: metadata stripped if present, then the PBUF magic required and removed. */
    public static byte[] unwrap(String path, byte[] data) {
        byte[] payload = stripMetadata(path, data);
        if (payload.length < PB_MAGIC.length || !Arrays.equals(Arrays.copyOf(payload, PB_MAGIC.length), PB_MAGIC)) {
            throw new CorruptZnodeException(path, "does not start with HBase's PBUF magic: not written by HBase or"
                    + " hakeeper (" + payload.length + " bytes)", null);
        }
        return Arrays.copyOfRange(payload, PB_MAGIC.length, payload.length);
    }

    /**
     * How hakeeper's agents mark what they write: their writer identifier in the metadata wrapper starts with this.
     * HBase's readers strip the wrapper unread, so the mark costs HBase nothing, and it tells our registrations from
     * those of a real master or RegionServer (whose identifier is HBase's, e.g. {@code master:16000}).
     */
    public static final String OUR_WRITER_PREFIX = "hakeeper-";

    /** {@code identifier} with our mark (unchanged when it has it). */
    public static String ourWriter(String identifier) {
        return identifier.startsWith(OUR_WRITER_PREFIX) ? identifier : OUR_WRITER_PREFIX + identifier;
    }

    /** True when {@code data} was written by one of hakeeper's agents. */
    public static boolean writtenByUs(String path, byte[] data) {
        String writer = writer(path, data);
        return writer != null && writer.startsWith(OUR_WRITER_PREFIX);
    }

    /** The identifier of the writer in the metadata wrapper, or null when there is none. */
    public static String writer(String path, byte[] data) {
        if (data == null || data.length == 0 || data[0] != META_MAGIC) {
            return null;
        }
        int idLength = idLength(path, data);
        return new String(data, 5, idLength - 8, StandardCharsets.UTF_8);
    }

    static byte[] stripMetadata(String path, byte[] data) {
        if (data == null || data.length == 0 || data[0] != META_MAGIC) {
            return data == null ? new byte[0] : data;
        }
        int idLength = idLength(path, data);
        return Arrays.copyOfRange(data, 5 + idLength, data.length);
    }

    private static int idLength(String path, byte[] data) {
        if (data.length < 5) {
            throw new CorruptZnodeException(path, "has a metadata marker but only " + data.length + " bytes", null);
        }
        int idLength = ByteBuffer.wrap(data, 1, 4).getInt();
        if (idLength < 8 || 5 + idLength > data.length) {
            throw new CorruptZnodeException(path, "has a metadata length of " + idLength + " in " + data.length
                    + " bytes: corrupt", null);
        }
        return idLength;
    }
}
