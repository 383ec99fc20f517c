package io.hakeeper.chaos;

/** The lab could not do what it was asked (a namespace, a rule, a process): the campaign stops and cleans up. */
public final class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }
}
