package io.hakeeper.zkfc;

import java.time.Instant;

/** The controller's last transition and why, for {@code /status}; written by whichever thread made it. */
final class LastTransition {
    private record Entry(String what, Instant at) {
    }

    private volatile Entry last = new Entry("none yet", null);

    void record(String to, String why) {
        last = new Entry(to + ": " + why, Instant.now());
    }

    String what() {
        return last.what();
    }

    /** ISO-8601, or null before the first transition. */
    String at() {
        Instant at = last.at();
        return at == null ? null : at.toString();
    }
}
