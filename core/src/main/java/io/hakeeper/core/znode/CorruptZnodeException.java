package io.hakeeper.core.znode;

import io.hakeeper.core.error.HakeeperException;

/** The bytes at a znode are not what its type says: corrupt, foreign, or written by a version we do not read. */
public final class CorruptZnodeException extends HakeeperException {
    public CorruptZnodeException(String path, String problem, Throwable cause) {
        super(io.hakeeper.core.error.ExitCode.BAD_DATA, "znode " + path + ": " + problem, cause);
    }
}
