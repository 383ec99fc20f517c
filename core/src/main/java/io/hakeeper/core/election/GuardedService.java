package io.hakeeper.core.election;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elector's side of the service it guards: tells the {@link ElectorListener}, one call at a time, and knows
 * whether the service was made active. Every call comes from the elector's loop; {@link #standby} also from
 * {@link Elector#close()} when the loop is stuck, hence the lock.
 */
final class GuardedService {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedService.class);

    private final String name;
    private final ElectorListener listener;
    private final Object callbackLock = new Object();
    private volatile boolean active;

    GuardedService(String name, ElectorListener listener) {
        this.name = name;
        this.listener = listener;
    }

    boolean isActive() {
        return active;
    }

    /** Makes the service active under {@code token}; throws what the listener threw (the service is not active). */
    void activate(long token) throws Exception {
        synchronized (callbackLock) {
            listener.becomeActive(token);
            active = true;
        }
    }

    /**
     * Tells the service to stop being active, once.
     *
     * @return false when the service said it could not become standby (it may still be active)
     */
    boolean standby(String why) {
        synchronized (callbackLock) {
            if (!active) {
                return true;
            }
            active = false;
            LOG.warn("{}: making the service standby: {}", name, why);
            try {
                listener.becomeStandby();
                return true;
            } catch (Exception e) {
                LOG.error("{}: the service could not become standby ({}); it must be fenced", name, e.toString());
                return false;
            }
        }
    }

    /** Not under the lock: fencing may take seconds, and a stuck close() must still be able to demote. */
    void fence(byte[] breadcrumb) throws Exception {
        listener.fenceOldActive(breadcrumb);
    }

    void neutral() {
        synchronized (callbackLock) {
            listener.enterNeutral();
        }
    }

    boolean lockHeldByAnother(org.apache.zookeeper.data.Stat lock) throws Exception {
        return listener.lockHeldByAnother(lock);
    }

    String refuseToCompete() throws Exception {
        return listener.refuseToCompete();
    }

    void fatal(String reason, Throwable cause) {
        synchronized (callbackLock) {
            listener.fatal(reason, cause);
        }
    }
}
