package io.hakeeper.core.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM child process running one of our main classes with this JVM's classpath: how {@code quorum dev} runs each
 * member as its own OS process, and how tests get processes they can kill -9, SIGSTOP and restart.
 * Output goes to a log file. {@link #close()} stops the process by its PID and is idempotent.
 */
public final class JavaProcess implements AutoCloseable {
    private final String name;
    private final List<String> command;
    private final Path logFile;
    private Process process;

    private JavaProcess(String name, List<String> command, Path logFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.logFile = logFile;
    }

    /** What hakeeper's launchers give every JVM: killed at once when out of memory, as Hadoop's daemons are. */
    public static final String KILL_ON_OUT_OF_MEMORY = "-XX:OnOutOfMemoryError=kill -9 %p";

    /** A process that runs {@code mainClass} with the given JVM options and arguments. Nothing starts yet. */
    public static JavaProcess of(String name, String mainClass, List<String> jvmOptions, List<String> args, Path logFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(KILL_ON_OUT_OF_MEMORY); // as the launchers do: a daemon out of memory must not keep its session alive
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(mainClass);
        cmd.addAll(args);
        return new JavaProcess(name, cmd, logFile);
    }

    /**
     * The same process started behind {@code prefix}, a command that execs the rest (as {@code ip netns exec NS} does),
     * so the PID is still the JVM's: the chaos lab runs each process inside its host's network namespace this way.
     */
    public JavaProcess behind(List<String> prefix) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(command);
        return new JavaProcess(name, cmd, logFile);
    }

    /**
     * This JVM's classpath. Under Maven's test runners with a manifest-only jar, {@code java.class.path} is a single
     * booter jar whose manifest lists the rest; a child started with it sees the same classes.
     */
    public static String classpath() {
        return System.getProperty("hakeeper.classpath", System.getProperty("java.class.path"));
    }

    public synchronized JavaProcess start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        process = pb.start();
        return this;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " was never started");
        }
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, without waiting: to stop many processes at once, then wait for each ({@link #kill9()}). */
    public synchronized void sigkill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    /** SIGKILL, then wait (bounded) until the kernel has reaped it. */
    public synchronized void kill9() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(10));
    }

    /** SIGTERM, and SIGKILL if it has not exited after {@code grace}. */
    public synchronized void terminate(Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        resume(); // a stopped process cannot act on SIGTERM
        process.destroy();
        if (!waitForExit(grace)) {
            kill9();
        }
    }

    /** SIGSTOP: the process keeps its sockets but does nothing, the way a long GC pause or a hung host looks. */
    public synchronized void suspend() {
        signal("STOP");
    }

    /** SIGCONT. */
    public synchronized void resume() {
        signal("CONT");
    }

    public synchronized boolean waitForExit(Duration deadline) {
        if (process == null) {
            return true;
        }
        try {
            return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public synchronized int exitValue() {
        return process.exitValue();
    }

    private void signal(String sig) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + sig + " to " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        terminate(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return name + (process == null ? " (not started)" : " pid " + process.pid());
    }
}
