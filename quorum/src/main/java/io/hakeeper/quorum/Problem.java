package io.hakeeper.quorum;

/** One finding of the config validator: a single line that names the problem and the fix. */
public record Problem(Severity severity, String message) {
    public enum Severity { ERROR, WARNING }

    public static Problem error(String message) {
        return new Problem(Severity.ERROR, message);
    }

    public static Problem warning(String message) {
        return new Problem(Severity.WARNING, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return (isError() ? "error: " : "warning: ") + message;
    }
}
