package io.hakeeper.cli;

import io.hakeeper.quorum.DevEnsemble;
import io.hakeeper.quorum.StatusProbe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dev", description = "A local ensemble on 127.0.0.1, each member its own process. Stays in the"
        + " foreground; Ctrl-C stops every member. Data in --dir survives a restart.")
final class QuorumDevCommand implements Callable<Integer> {
    @Option(names = "--size", defaultValue = "3", description = "Voting members (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--observers", defaultValue = "0", description = "Non-voting observers (default ${DEFAULT-VALUE}).")
    int observers;

    @Option(names = "--tls", description = "TLS for clients and between members, with a throwaway CA made in --dir.")
    boolean tls;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where members keep config, data and logs."
            + " Default: $HAKEEPER_DEV_DIR or ~/.hakeeper/dev.")
    Path dir;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Give up when there is no quorum after this long.")
    long startTimeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (size < 1 || observers < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--size " + size + " --observers "
                    + observers + ": an ensemble needs --size of at least 1 and --observers of at least 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        DevEnsemble ensemble = new DevEnsemble(size, observers, tls, dir != null ? dir : DevDefaults.dir());
        AtomicBoolean stopping = new AtomicBoolean();
        Thread stopper = new Thread(() -> {
            stopping.set(true);
            out.println("stopping the dev ensemble in " + ensemble.dir());
            ensemble.close();
        }, "dev-ensemble-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        long started = System.nanoTime();
        try {
            ensemble.start(Duration.ofSeconds(startTimeoutSeconds));
        } catch (RuntimeException e) {
            ensemble.close();
            throw e;
        }
        out.printf("quorum of %d member%s ready in %d ms (data and logs in %s)%n", size + observers,
                size + observers == 1 ? "" : "s", Duration.ofNanos(System.nanoTime() - started).toMillis(), ensemble.dir());
        out.print(StatusProbe.table(ensemble.status()));
        out.println("connect string: " + ensemble.connectString());
        if (tls) {
            out.println("clients need: --tls-keystore " + ensemble.certificates().clientKeyStore() + " --tls-truststore "
                    + ensemble.certificates().trustStore() + " --tls-password-file " + ensemble.certificates().passwordFile());
        }
        out.println("other hakeeper commands use this ensemble when given no --connect; Ctrl-C stops every member");
        out.flush();
        watch(ensemble, out, stopping);
        return 0;
    }

    /** Reports members that die, once each, until the JVM is told to stop. */
    private static void watch(DevEnsemble ensemble, PrintWriter out, AtomicBoolean stopping)
            throws InterruptedException {
        Set<Integer> reported = new HashSet<>();
        while (true) {
            for (DevEnsemble.Member m : ensemble.members()) {
                if (!m.process().isAlive() && !stopping.get() && reported.add(m.id())) {
                    out.println("member " + m.id() + " exited; see " + m.process().logFile());
                    out.flush();
                } else if (m.process().isAlive()) {
                    reported.remove(m.id());
                }
            }
            Thread.sleep(1000);
        }
    }
}
