package io.hakeeper.core.znode;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Protobuf messages written field by field, as the generated code of Hadoop, YARN and HBase writes them, without
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
