package io.hakeeper.core.health;

/** Hadoop's HealthMonitor.State, with the same names and meanings. */
public enum HealthState {
    INITIALIZING,
    SERVICE_HEALTHY,
    /** The service answers but says it is not well (a check failed). */
    SERVICE_UNHEALTHY,
    /** The service does not answer at all (refused, timed out, its connection closed). */
    SERVICE_NOT_RESPONDING,
    /** The monitor itself broke; the controller must stop. */
    HEALTH_MONITOR_FAILED
}
