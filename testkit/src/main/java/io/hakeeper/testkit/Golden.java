package io.hakeeper.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden znodes of {@code ../shared/golden}: bytes written by the real Hadoop, HBase and Kafka libraries. The
 * contract of each file is {@code path}, {@code mode}, {@code length} and {@code hex}. Tests find the folder through
 * the {@code hakeeper.golden} system property (set by the build), and fail, never skip, when it is missing.
 */
public final class Golden {
    /** One golden znode. {@code mode} is PERSISTENT or EPHEMERAL (or a sequential variant); {@code data} null for null data. */
    public record Znode(String path, String mode, byte[] data) {
    }

    private Golden() {
    }

    public static Path dir() {
        String p = System.getProperty("hakeeper.golden");
        if (p == null || !Files.isDirectory(Path.of(p))) {
            throw new IllegalStateException("the golden znodes are not at " + p + ": check out shared/ beside the"
                    + " repository (the build passes -Dhakeeper.golden=<repo>/../shared/golden)");
        }
        return Path.of(p);
    }

    /** Reads {@code <system>/<file>.hex}, e.g. {@code read("hadoop", "hadoop-ha_mycluster_ActiveBreadCrumb")}. */
    public static Znode read(String system, String file) {
        Path f = dir().resolve(system).resolve(file + ".hex");
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden znode " + f, e);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        if ("null".equals(fields.get("length"))) {
            return new Znode(fields.get("path"), fields.get("mode"), null); // Kafka's directories hold null, not []
        }
        byte[] data = HexFormat.of().parseHex(fields.getOrDefault("hex", ""));
        int length = Integer.parseInt(fields.get("length"));
        if (data.length != length) {
            throw new IllegalStateException(f + ": hex has " + data.length + " bytes but length says " + length);
        }
        return new Znode(fields.get("path"), fields.get("mode"), data);
    }
}
