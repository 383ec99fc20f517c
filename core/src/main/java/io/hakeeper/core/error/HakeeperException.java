package io.hakeeper.core.error;

/**
 * A failure we can explain to an operator in one line: what went wrong and how to fix it. The CLI prints
 * {@link #getMessage()} alone (the stack trace only with {@code -v}) and exits with {@link #exitCode()}.
 */
public class HakeeperException extends RuntimeException {
    private final ExitCode exitCode;
    private final ErrorKind kind;

    public HakeeperException(ExitCode exitCode, String message) {
        this(exitCode, ErrorKind.FATAL, message, null);
    }

    public HakeeperException(ExitCode exitCode, String message, Throwable cause) {
        this(exitCode, ErrorKind.FATAL, message, cause);
    }

    public HakeeperException(ExitCode exitCode, ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.kind = kind;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static HakeeperException config(String message) {
        return new HakeeperException(ExitCode.CONFIG, message);
    }
}
