package io.hakeeper.zkfc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shared edits directory, the one resource two active NameNodes would both write: its segments must follow
 * each other without a gap or an overlap, with at most one segment in progress, after the last finalized one.
 * Two writers at once leave overlapping or duplicated transaction ranges.
 */
final class SharedEditsLog {
    private static final Pattern FINALIZED = Pattern.compile("edits_(\\d+)-(\\d+)");
    private static final Pattern IN_PROGRESS = Pattern.compile("edits_inprogress_(\\d+)");

    private SharedEditsLog() {
    }

    /** Every problem found in {@code current} (the shared edits dir's {@code current/}); empty when the log is whole. */
    static List<String> problems(Path current) throws IOException {
        List<long[]> finalized = new ArrayList<>();
        List<Long> inProgress = new ArrayList<>();
        try (Stream<Path> files = Files.list(current)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                Matcher m = FINALIZED.matcher(name);
                if (m.matches()) {
                    finalized.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
                }
                m = IN_PROGRESS.matcher(name);
                if (m.matches()) {
                    inProgress.add(Long.parseLong(m.group(1)));
                }
            }
        }
        finalized.sort((a, b) -> Long.compare(a[0], b[0]));
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < finalized.size(); i++) {
            long[] prev = finalized.get(i - 1);
            long[] next = finalized.get(i);
            if (next[0] != prev[1] + 1) {
                problems.add("segment " + next[0] + "-" + next[1] + " does not follow " + prev[0] + "-" + prev[1]);
            }
        }
        if (inProgress.size() > 1) {
            problems.add("more than one segment in progress: " + inProgress);
        }
        if (inProgress.size() == 1 && !finalized.isEmpty()) {
            long last = finalized.get(finalized.size() - 1)[1];
            if (inProgress.get(0) != last + 1) {
                problems.add("the segment in progress from " + inProgress.get(0) + " does not follow " + last);
            }
        }
        if (finalized.isEmpty() && inProgress.isEmpty()) {
            problems.add("no edit log segments in " + current);
        }
        return problems;
    }
}
