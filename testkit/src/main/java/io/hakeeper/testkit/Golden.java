package io.hakeeper.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden znodes: bytes written into ZooKeeper by the real Hadoop, HBase and Kafka libraries, kept in this module's
 * resources under {@code io/hakeeper/testkit/golden/<system>/} (each folder's README says which real call wrote each
 * znode and which bytes vary between runs). The contract of each file is {@code path}, {@code mode}, {@code length}
 * and {@code hex}. They travel on the test classpath, so a fresh clone needs nothing beside it.
 */
public final class Golden {
    /** Where the golden folders sit on the classpath. */
    static final String ROOT = "golden/";

    /** One golden znode. {@code mode} is PERSISTENT or EPHEMERAL (or a sequential variant); {@code data} null for null data. */
    public record Znode(String path, String mode, byte[] data) {
    }

    private Golden() {
    }

    /** Reads {@code <system>/<file>.hex}, e.g. {@code read("hadoop", "hadoop-ha_mycluster_ActiveBreadCrumb")}. */
    public static Znode read(String system, String file) {
        String resource = ROOT + system + "/" + file + ".hex";
        List<String> lines = lines(resource);
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
            throw new IllegalStateException(resource + ": hex has " + data.length + " bytes but length says " + length);
        }
        return new Znode(fields.get("path"), fields.get("mode"), data);
    }

    private static List<String> lines(String resource) {
        InputStream in = Golden.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("no golden znode " + resource + " on the classpath (testkit's resources,"
                    + " io/hakeeper/testkit/" + resource + ")");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden znode " + resource, e);
        }
    }
}
