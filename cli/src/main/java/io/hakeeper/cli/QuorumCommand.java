package io.hakeeper.cli;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.quorum.ServerStatus;
import io.hakeeper.quorum.StatusProbe;
import io.hakeeper.quorum.TlsContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code hakeeper quorum ...}: the bundled Apache ZooKeeper. */
@Command(name = "quorum", description = "Run and inspect the bundled Apache ZooKeeper quorum.",
        subcommands = {QuorumInitCommand.class, QuorumStartCommand.class, QuorumDevCommand.class,
                QuorumCommand.Status.class})
final class QuorumCommand {

    @Command(name = "status", description = "One row per server: mode, zxid, connections, latency, znodes."
            + " A health check: exits 4 when there is no quorum, 13 when a member is not serving, else 0.")
    static final class Status implements Callable<Integer> {
        @Mixin
        ZkOptions zk;

        @Option(names = "--timeout", paramLabel = "MS", defaultValue = "3000", description = "Per-server timeout (ms).")
        long timeoutMs;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String connect = zk.connectString();
            List<ServerStatus> rows = new StatusProbe(TlsContext.of(zk.tls()), Duration.ofMillis(timeoutMs)).probe(connect);
            spec.commandLine().getOut().print(StatusProbe.table(rows));
            if (!StatusProbe.hasQuorum(rows)) {
                spec.commandLine().getErr().println("error: no quorum at " + connect + ": no server is leader or"
                        + " standalone; start more members or check their logs");
                return ExitCode.UNREACHABLE.code();
            }
            long down = rows.stream().filter(r -> !r.serving()).count();
            if (down > 0) {
                spec.commandLine().getOut().println("degraded: " + down + " of " + rows.size() + " members not serving");
                return ExitCode.DEGRADED.code();
            }
            return 0;
        }
    }
}
