package io.hakeeper.core.znode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.zookeeper.data.Stat;

/** Shows znode data: decoded when a registered {@link PayloadDecoder} knows the path, else as text, else as hex. */
public final class PayloadFormatter {
    private final List<PayloadDecoder> decoders;

    public PayloadFormatter(List<PayloadDecoder> decoders) {
        this.decoders = List.copyOf(decoders);
    }

    /** With every decoder on the classpath. */
    public static PayloadFormatter discover() {
        return new PayloadFormatter(ServiceLoader.load(PayloadDecoder.class).stream().map(ServiceLoader.Provider::get)
                .toList());
    }

    public String format(String path, byte[] data, Stat stat, boolean forceHex) {
        if (data == null || data.length == 0) {
            return "(empty)";
        }
        if (forceHex) {
            return hexDump(data);
        }
        for (PayloadDecoder d : decoders) {
            Optional<String> decoded = d.decode(path, data, stat);
            if (decoded.isPresent()) {
                return decoded.get();
            }
        }
        return text(data).orElseGet(() -> hexDump(data));
    }

    /** The bytes as UTF-8 text, when they are valid UTF-8 without control characters other than whitespace. */
    static Optional<String> text(byte[] data) {
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
        for (char c : s.toCharArray()) {
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return Optional.empty();
            }
        }
        return Optional.of(s);
    }

    /** Sixteen bytes a row: offset, hex, and the printable ASCII beside it. */
    public static String hexDump(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int row = 0; row < data.length; row += 16) {
            sb.append(String.format("%08x  ", row));
            StringBuilder ascii = new StringBuilder();
            for (int i = row; i < row + 16; i++) {
                if (i < data.length) {
                    sb.append(String.format("%02x ", data[i]));
                    char c = (char) (data[i] & 0xff);
                    ascii.append(c >= 0x20 && c < 0x7f ? c : '.');
                } else {
                    sb.append("   ");
                }
                if (i == row + 7) {
                    sb.append(' ');
                }
            }
            sb.append(" |").append(ascii).append("|\n");
        }
        return sb.toString().stripTrailing();
    }
}
