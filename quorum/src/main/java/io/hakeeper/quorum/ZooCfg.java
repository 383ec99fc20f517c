package io.hakeeper.quorum;

import io.hakeeper.core.error.HakeeperException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A zoo.cfg as ordered key/value pairs: the order we write is the order an operator reads. Parsing is ours (not
 * {@code java.util.Properties}) so that duplicate keys and lines without '=' are reported instead of silently merged.
 */
public final class ZooCfg {
    private final Map<String, String> entries = new LinkedHashMap<>();
    private final List<String> parseProblems = new ArrayList<>();
    private final Path source;

    public ZooCfg() {
        this(null);
    }

    private ZooCfg(Path source) {
        this.source = source;
    }

    public static ZooCfg read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw HakeeperException.config("cannot read " + file + " (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "): give the path of a zoo.cfg, e.g. one written by `hakeeper quorum init`");
        }
        ZooCfg cfg = new ZooCfg(file);
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                cfg.parseProblems.add(file.getFileName() + " line " + n + " '" + line + "' is not key=value: fix or remove it");
                continue;
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (cfg.entries.containsKey(key)) {
                cfg.parseProblems.add(file.getFileName() + " line " + n + " sets '" + key + "' a second time: keep one");
            }
            cfg.entries.put(key, value);
        }
        return cfg;
    }

    public ZooCfg put(String key, Object value) {
        entries.put(key, String.valueOf(value));
        return this;
    }

    public ZooCfg remove(String key) {
        entries.remove(key);
        return this;
    }

    public String get(String key) {
        return entries.get(key);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Map<String, String> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public Path source() {
        return source;
    }

    /** Lines that are not {@code key=value}, or repeat a key. */
    public List<String> parseProblems() {
        return List.copyOf(parseProblems);
    }

    /** An integer key; empty when absent; a config error when it is not a number. */
    public OptionalInt intValue(String key) {
        String v = entries.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(v));
        } catch (NumberFormatException e) {
            throw HakeeperException.config(key + "=" + v + " is not a whole number: fix it in " + where());
        }
    }

    /** Every {@code server.N} line, parsed; malformed ones are config errors. */
    public List<ServerEntry> servers() {
        List<ServerEntry> out = new ArrayList<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            if (e.getKey().startsWith("server.")) {
                String idText = e.getKey().substring("server.".length());
                int id;
                try {
                    id = Integer.parseInt(idText);
                } catch (NumberFormatException ex) {
                    throw HakeeperException.config("'" + e.getKey() + "' has no numeric server id: write server.N=host:2888:3888");
                }
                out.add(ServerEntry.parse(id, e.getValue()));
            }
        }
        return out;
    }

    public void write(Path file, String header) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String h : header.split("\n")) {
            sb.append("# ").append(h).append('\n');
        }
        entries.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    String where() {
        return source == null ? "the configuration" : source.toString();
    }
}
