package io.hakeeper.core.znode;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Protobuf messages written and read field by field, as the generated code of Hadoop, YARN and HBase does, without
 * their .proto files: what the znode codecs of the feature modules share.
 */
public final class ProtoBytes {
    private ProtoBytes() {
    }

    /** The fields a message writes, in field-number order. */
    @FunctionalInterface
    public interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    /** Reads one field's value (given its whole tag) and returns true, or returns false to have it skipped. */
    @FunctionalInterface
    public interface FieldReader {
        boolean read(int tag, CodedInputStream in) throws IOException;
    }

    /**
     * Walks a message's fields, handing each to {@code reader}; fields it does not take are skipped, as proto2
     * readers skip fields a newer writer added. Bytes that are not protobuf: an error naming the znode.
     *
     * @param type the message's name for the error, e.g. "ActiveNodeInfo"
     */
    public static void read(String path, String type, byte[] message, FieldReader reader) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(message);
            for (int tag; (tag = in.readTag()) != 0; ) {
                if (!reader.read(tag, in)) {
                    in.skipField(tag);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptZnodeException(path, "is not a protobuf " + type + " (" + e.getMessage() + ")", e);
        }
    }

    public static byte[] write(Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            fields.write(out);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }
}
