package io.hakeeper.core.election;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import org.apache.zookeeper.KeeperException;

/**
 * What a daemon exits with when its elector reports {@link ElectorListener#fatal}: an ACL that denies us the lock is
 * an authentication problem (exit 5, not restarted by the systemd units); anything else is the elector failing inside
 * (exit 1, restarted). Either way the elector has already made the service standby and given up its lock.
 */
public final class ElectorFailure {
    private ElectorFailure() {
    }

    public static HakeeperException of(String reason, Throwable cause) {
        return new HakeeperException(cause instanceof KeeperException.NoAuthException ? ExitCode.AUTH : ExitCode.FAILURE,
                reason, cause);
    }
}
