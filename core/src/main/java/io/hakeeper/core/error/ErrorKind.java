package io.hakeeper.core.error;

import org.apache.zookeeper.KeeperException;

/**
 * How a failure should be handled, the taxonomy every daemon loop uses to decide between retrying,
 * starting over on a new session, and giving up.
 */
public enum ErrorKind {
    /** Transient: the same call may succeed if retried (idempotent operations only), within a deadline. */
    RETRYABLE,
    /** The session is gone: everything bound to it (ephemerals, watches, leadership) is lost; rebuild on a new one. */
    SESSION,
    /** Retrying cannot help: bad input, denied access, a bug. Report and stop. */
    FATAL;

    /** Classifies a ZooKeeper (or wrapped) failure. */
    public static ErrorKind of(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HakeeperException he) {
                return he.kind();
            }
            if (c instanceof KeeperException ke) {
                return of(ke.code());
            }
            if (c instanceof java.util.concurrent.TimeoutException || c instanceof java.net.ConnectException) {
                return RETRYABLE;
            }
        }
        return FATAL;
    }

    public static ErrorKind of(KeeperException.Code code) {
        switch (code) {
            case CONNECTIONLOSS:
            case OPERATIONTIMEOUT:
            case REQUESTTIMEOUT:
            case THROTTLEDOP:
            case NEWCONFIGNOQUORUM:
                return RETRYABLE;
            case SESSIONEXPIRED:
            case SESSIONMOVED:
            case SESSIONCLOSEDREQUIRESASLAUTH:
                return SESSION;
            default:
                return FATAL;
        }
    }
}
