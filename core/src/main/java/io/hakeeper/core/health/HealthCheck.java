package io.hakeeper.core.health;

import java.time.Duration;

/** One way to ask a service how it is. Implementations must return within {@code timeout}. */
public interface HealthCheck {
    /** The verdict of one check, with the reason an operator reads in the log. */
    record Result(HealthState state, String reason) {
        public static Result healthy() {
            return new Result(HealthState.SERVICE_HEALTHY, "ok");
        }

        public static Result unhealthy(String reason) {
            return new Result(HealthState.SERVICE_UNHEALTHY, reason);
        }

        public static Result notResponding(String reason) {
            return new Result(HealthState.SERVICE_NOT_RESPONDING, reason);
        }
    }

    Result check(Duration timeout);

    /** e.g. {@code tcp 127.0.0.1:8020}. */
    String describe();
}
