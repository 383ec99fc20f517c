package io.hakeeper.chaos;

/** The lab cannot run on this machine (not root, no namespaces, a tool missing); the message says what to do. */
public final class LabUnavailableException extends RuntimeException {
    public LabUnavailableException(String message) {
        super(message);
    }
}
