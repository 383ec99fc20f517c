package io.hakeeper.core.election;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;

/**
 * A fenced write was sent but its reply was lost (the connection dropped, the request timed out): the write may
 * or may not have landed. Not the same as {@link FencedException}, which means ZooKeeper
 * refused the term's check and nothing was written. The caller settles it by reading back before acting on it; the
 * write is never resent blindly, since a resend of a multi that already landed could land twice or fail misleadingly.
 */
public final class OutcomeUnknownException extends HakeeperException {
    private final Term term;

    public OutcomeUnknownException(Term term, String message, Throwable cause) {
        super(ExitCode.UNREACHABLE, message, cause);
        this.term = term;
    }

    /** The term the write was sent under. */
    public Term term() {
        return term;
    }
}
