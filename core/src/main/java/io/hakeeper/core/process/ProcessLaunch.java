package io.hakeeper.core.process;

/**
 * How this JVM starts processes (a fencing command is one, on the failover path). JDK 17's default on Linux,
 * posix_spawn through the {@code jspawnhelper} binary, execs twice per command: {@code bash -c true} costs 10-33 ms
 * from a daemon here, against 5-8 ms with vfork, which execs once (measured on this 2-core machine; vfork was the
 * JDK's Linux default until JDK 12, and the JDK's child code is written for it). From JDK 21 on, vfork is deprecated
 * and posix_spawn costs about what vfork does, so the choice is left to the JDK there.
 */
public final class ProcessLaunch {
    private static final String KEY = "jdk.lang.Process.launchMechanism";

    private ProcessLaunch() {
    }

    /**
     * Chooses vfork on JDKs before 21 unless the operator chose a mechanism ({@code -Djdk.lang.Process.launchMechanism}).
     * Call first thing in {@code main}: the JDK reads the key once, when the first process starts.
     */
    public static void preferOneExec() {
        if (System.getProperty(KEY) == null && Runtime.version().feature() < 21
                && System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            System.setProperty(KEY, "VFORK");
        }
    }
}
