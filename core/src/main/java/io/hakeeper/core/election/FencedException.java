package io.hakeeper.core.election;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;

/** A write on the active's behalf was refused: we are not the active (any more), or a newer active has written. */
public final class FencedException extends HakeeperException {
    public FencedException(String message) {
        super(ExitCode.FENCED, message);
    }
}
