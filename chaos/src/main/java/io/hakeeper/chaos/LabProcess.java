package io.hakeeper.chaos;

import io.hakeeper.core.process.JavaProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One hakeeper command running as its own JVM inside a lab host's namespace ({@code ip netns exec} execs it, so the
 * PID we hold is the JVM's). Every signal goes to that PID. {@link #close()} stops it and is idempotent.
 */
public final class LabProcess implements AutoCloseable {
    /** The main class every lab process runs: the {@code hakeeper} command itself. */
    static final String MAIN = "io.hakeeper.cli.Main";

    private final String name;
    private final String host;
    private final String role;
    private final JavaProcess process;
    private boolean paused;
    private boolean retired;

    LabProcess(Lab lab, String name, String host, String role, List<String> jvmOptions, List<String> args, Path log) {
        this.name = name;
        this.host = host;
        this.role = role;
        this.process = JavaProcess.of(name, MAIN, jvmOptions, args, log).behind(lab.inside(host));
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    /** What it is in its system: "zk", "master", "controller". */
    public String role() {
        return role;
    }

    public synchronized LabProcess start() {
        if (retired) {
            throw new LabException(name + " is not started again: the lab is being torn down");
        }
        try {
            process.start();
        } catch (IOException e) {
            throw new LabException("cannot start " + name + ": " + e.getMessage());
        }
        paused = false;
        return this;
    }

    public synchronized boolean isAlive() {
        return process.isAlive();
    }

    public synchronized long pid() {
        return process.pid();
    }

    public synchronized void kill9() {
        process.kill9();
        paused = false;
    }

    /**
     * The teardown's kill: SIGKILL without waiting (it kills every process first, then waits for each), and never
     * start again: a campaign thread healing a kill fault while the teardown runs must not leave a process behind.
     */
    public synchronized void retire() {
        retired = true;
        process.sigkill();
        paused = false;
    }

    public synchronized void pause() {
        process.suspend();
        paused = true;
    }

    public synchronized void resume() {
        process.resume();
        paused = false;
    }

    public synchronized boolean paused() {
        return paused;
    }

    public Path log() {
        return process.logFile();
    }

    @Override
    public synchronized void close() {
        process.terminate(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return name + "@" + host;
    }
}
