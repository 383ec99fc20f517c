package io.hakeeper.core.zk;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.curator.RetryPolicy;
import org.apache.curator.RetrySleeper;

/**
 * Exponential backoff with jitter that stops at a deadline rather than after a count: an operator thinks in
 * "give up after 30 seconds", and a count of retries says nothing about how long a caller is blocked.
 * Curator only consults the policy on retryable failures (connection loss, operation timeout).
 */
public final class DeadlineRetryPolicy implements RetryPolicy {
    private final long baseSleepMs;
    private final long maxSleepMs;
    private final long deadlineMs;

    public DeadlineRetryPolicy(Duration baseSleep, Duration maxSleep, Duration deadline) {
        this.baseSleepMs = Math.max(1, baseSleep.toMillis());
        this.maxSleepMs = Math.max(baseSleepMs, maxSleep.toMillis());
        this.deadlineMs = deadline.toMillis();
    }

    @Override
    public boolean allowRetry(int retryCount, long elapsedTimeMs, RetrySleeper sleeper) {
        long remaining = deadlineMs - elapsedTimeMs;
        if (remaining <= 0) {
            return false;
        }
        long sleep = Math.min(sleepFor(retryCount), remaining);
        try {
            sleeper.sleepFor(sleep, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    long sleepFor(int retryCount) {
        long exp = baseSleepMs << Math.min(retryCount, 20);
        long capped = Math.min(exp, maxSleepMs);
        // jitter in [capped/2, capped] so that many clients that lost one server do not retry in lockstep
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    public Duration deadline() {
        return Duration.ofMillis(deadlineMs);
    }
}
