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

    public static HakeeperException usage(String message) {
        return new HakeeperException(ExitCode.USAGE, message);
    }

    /**
     * The usage error for a flag of a hand-parsed command line whose value is missing or malformed: {@code problem}
     * is what went wrong at {@code args[valueIndex]} (a NumberFormatException or an index past the end).
     */
    public static HakeeperException badValue(String[] args, int valueIndex, RuntimeException problem) {
        String flag = valueIndex >= 1 && valueIndex - 1 < args.length ? args[valueIndex - 1] : "the last option";
        return valueIndex >= args.length
                ? usage(flag + " needs a value after it")
                : usage(flag + " " + args[valueIndex] + " is not a number: give one, e.g. " + flag + " 1");
    }
}
