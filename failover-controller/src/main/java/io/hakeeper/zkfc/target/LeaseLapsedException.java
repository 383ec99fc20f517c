package io.hakeeper.zkfc.target;

/**
 * The master refused to renew its lease because it had already run out (or was never held): it has stood down by
 * itself, and only a new activation makes it active again. Not a transient failure: retrying the renewal cannot help.
 */
public final class LeaseLapsedException extends Exception {
    public LeaseLapsedException(String message) {
        super(message);
    }
}
