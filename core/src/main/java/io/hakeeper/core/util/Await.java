package io.hakeeper.core.util;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a deadline passes: the one way we wait for something we cannot be told about. */
public final class Await {
    private Await() {
    }

    /**
     * @param what named in the timeout message, e.g. "a new leader"
     * @throws TimeoutException when the deadline passes first
     */
    public static void until(BooleanSupplier condition, Duration deadline, String what)
            throws TimeoutException, InterruptedException {
        poll(condition, deadline, what, 20, 250);
    }

    /**
     * Like {@link #until}, but looks every {@code every} without backing off: for measuring how long something took,
     * where a growing pause would be added to the figure.
     */
    public static void everyPoll(BooleanSupplier condition, Duration every, Duration deadline, String what)
            throws TimeoutException, InterruptedException {
        poll(condition, deadline, what, every.toMillis(), every.toMillis());
    }

    private static void poll(BooleanSupplier condition, Duration deadline, String what, long firstPause, long maxPause)
            throws TimeoutException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        long pause = firstPause;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new TimeoutException("waited " + deadline.toMillis() + " ms for " + what + ", in vain");
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, maxPause);
        }
    }
}
