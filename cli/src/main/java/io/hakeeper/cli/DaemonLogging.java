package io.hakeeper.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * One-shot commands log only warnings, so their output is their answer; daemons log every decision at INFO,
 * so their log tells the story ("nn1 unhealthy (...): quitting the election, fencing needed").
 */
final class DaemonLogging {
    private DaemonLogging() {
    }

    static void enable() {
        if (LoggerFactory.getLogger("io.hakeeper") instanceof Logger logger) {
            logger.setLevel(Level.INFO);
        }
    }
}
