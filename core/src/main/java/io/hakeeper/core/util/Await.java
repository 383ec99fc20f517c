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
        long end = System.nanoTime() + deadline.toNanos();
        long pause = 20;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new TimeoutException("waited " + deadline.toMillis() + " ms for " + what + ", in vain");
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 250);
        }
    }
}
