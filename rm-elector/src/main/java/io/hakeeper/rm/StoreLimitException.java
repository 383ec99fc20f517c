package io.hakeeper.rm;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;

/**
 * A value larger than {@code yarn.resourcemanager.zk-max-znode-size.bytes}: refused before it reaches ZooKeeper,
 * where an oversize request would cost the client its connection (ZooKeeper drops a packet over jute.maxbuffer).
 * Nothing is written; the store and its session carry on.
 */
public final class StoreLimitException extends HakeeperException {
    public StoreLimitException(String what, int size, int limit) {
        super(ExitCode.BAD_DATA, what + " is " + size + " bytes, over the " + limit + "-byte limit of"
                + " yarn.resourcemanager.zk-max-znode-size.bytes: shrink it, or raise the limit together with the"
                + " servers' jute.maxbuffer", null);
    }
}
