package io.hakeeper.core.util;

import java.time.Duration;

/**
 * Says yes at most once per interval (monotonic clock): for a loop that retries every tick but should log the
 * same refusal only now and then. Not thread-safe: one loop owns it.
 */
public final class Throttle {
    private final long intervalNanos;
    private long last;
    private boolean ever;

    public Throttle(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** True the first time, then again only once {@code interval} has passed since the last true. */
    public boolean ready() {
        long now = System.nanoTime();
        if (ever && now - last < intervalNanos) {
            return false;
        }
        ever = true;
        last = now;
        return true;
    }
}
