package io.hakeeper.bench.failover;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a failover's time went, read from the two controllers' own logs (INFO, {@code HH:mm:ss.SSS} stamps of the
 * machine's wall clock, which the benchmark also reads at the kill): for each phase, the first line of the round
 * that marks it, in ms after the kill. The phases, each by each controller's own log line: detect (the old active's
 * controller quits the election), left (its lock deleted: ours only; Hadoop's controller closes its session and logs
 * nothing), lock (the other one holds the lock), fence (the fencing method succeeded), breadcrumb (ours: the term
 * begun, the breadcrumb written; Hadoop's: about to write it), active (the master told, and it said yes).
 * Millisecond stamps: each phase is good to about 1 ms.
 */
final class FailoverPhases {
    static final List<String> PHASES = List.of("detect", "left", "lock", "fence", "breadcrumb", "active");

    /** The log line marking each phase, per controller kind (null: the controller logs no such line). */
    static final Map<String, Map<String, Pattern>> MARKERS = Map.of(
            "hakeeper", phases(
                    "quitting the election",
                    "left the election: ",
                    "won the lock",
                    "fenced .* with ",
                    ": elected; making",
                    " is active \\(epoch"),
            "hadoop", phases(
                    "Quitting master election",
                    null,
                    "Checking for any old active which needs to be fenced",
                    "Fencing successful by method",
                    "Writing znode .*ActiveBreadCrumb",
                    "Successfully transitioned .* to active state"));

    private final Map<Path, Long> offsets = new HashMap<>();

    private static Map<String, Pattern> phases(String... regexes) {
        Map<String, Pattern> m = new LinkedHashMap<>();
        for (int i = 0; i < PHASES.size(); i++) {
            if (regexes[i] != null) {
                m.put(PHASES.get(i), Pattern.compile(regexes[i]));
            }
        }
        return m;
    }

    /** Skips what the logs hold so far: the next {@link #since} reads only what comes after. */
    void skipToEnd(List<Path> logs) throws IOException {
        for (Path log : logs) {
            offsets.put(log, Files.exists(log) ? Files.size(log) : 0L);
        }
    }

    /**
     * The phases in the lines appended to {@code logs} since the last call, as ms after {@code killWallMillis}
     * (absent: no such line, e.g. a phase the controller skipped).
     */
    Map<String, Double> since(String kind, List<Path> logs, long killWallMillis) throws IOException {
        Map<String, Pattern> markers = MARKERS.get(kind);
        Map<String, Double> found = new LinkedHashMap<>();
        for (Path log : logs) {
            for (String line : newLines(log)) {
                if (line.length() < 12) {
                    continue;
                }
                Long at = wallMillis(line.substring(0, 12), killWallMillis);
                if (at == null || at < killWallMillis) {
                    continue;
                }
                markers.forEach((phase, p) -> {
                    if (!found.containsKey(phase) && p.matcher(line).find()) {
                        found.put(phase, (double) (at - killWallMillis));
                    }
                });
            }
        }
        Map<String, Double> ordered = new LinkedHashMap<>();
        PHASES.forEach(p -> {
            if (found.containsKey(p)) {
                ordered.put(p, found.get(p));
            }
        });
        return ordered;
    }

    private List<String> newLines(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        long from = offsets.getOrDefault(log, 0L);
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long to = f.length();
            if (to <= from) {
                return List.of();
            }
            byte[] bytes = new byte[(int) (to - from)];
            f.seek(from);
            f.readFully(bytes);
            offsets.put(log, to);
            return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
        }
    }

    /** {@code HH:mm:ss.SSS} on the day of {@code near} (the kill), as epoch ms; null when not a stamp. */
    private static Long wallMillis(String stamp, long near) {
        try {
            LocalTime t = LocalTime.parse(stamp);
            ZoneId zone = ZoneId.systemDefault();
            LocalDate day = java.time.Instant.ofEpochMilli(near).atZone(zone).toLocalDate();
            return day.atTime(t).atZone(zone).toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException notAStamp) {
            return null;
        }
    }
}
