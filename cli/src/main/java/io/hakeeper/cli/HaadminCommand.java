package io.hakeeper.cli;

import io.hakeeper.core.config.ConfigFiles;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.zkfc.HaAdmin;
import io.hakeeper.zkfc.ZkfcSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "haadmin", description = "Hadoop's haadmin: masters' HA state and health, graceful failover.")
final class HaadminCommand implements Callable<Integer> {
    @Mixin
    HaConfigOptions config;

    @Option(names = "-getServiceState", paramLabel = "NN", description = "Print the state of one master.")
    String getServiceState;

    @Option(names = "-getAllServiceState", description = "Print the state of every master; exit 12 with no active, 13 with a master or controller not answering or an election stuck.")
    boolean getAllServiceState;

    @Option(names = "-checkHealth", paramLabel = "NN", description = "Exit 12 when the master is not healthy.")
    String checkHealth;

    @Option(names = "-failover", arity = "2", paramLabel = "NN",
            description = "-failover FROM TO: graceful failover through TO's controller; nobody is fenced (exit 14 when refused).")
    List<String> failover;

    @Option(names = "-transitionToActive", paramLabel = "NN", description = "Refused (exit 14) unless --forcemanual.")
    String transitionToActive;

    @Option(names = "-transitionToStandby", paramLabel = "NN", description = "Refused (exit 14) unless --forcemanual.")
    String transitionToStandby;

    @Option(names = "-pause", description = "Maintenance: controllers keep watching but make no transitions.")
    boolean pause;

    @Option(names = "-resume", description = "End maintenance: controllers act on the current health again.")
    boolean resume;

    @Option(names = "--forcemanual", description = "Act behind the controllers' backs (they must be down).")
    boolean forceManual;

    @Option(names = "--timeout", paramLabel = "MS", defaultValue = "20000", description = "Per-call timeout (ms).")
    long timeoutMs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int verbs = (getServiceState != null ? 1 : 0) + (getAllServiceState ? 1 : 0) + (checkHealth != null ? 1 : 0)
                + (failover != null ? 1 : 0) + (transitionToActive != null ? 1 : 0) + (transitionToStandby != null ? 1 : 0) + (pause ? 1 : 0)
                + (resume ? 1 : 0);
        if (verbs != 1) {
            throw new HakeeperException(io.hakeeper.core.error.ExitCode.USAGE,
                    "give exactly one of -getServiceState NN, -getAllServiceState, -checkHealth NN, -failover FROM TO,"
                            + " -transitionToActive NN, -transitionToStandby NN, -pause, -resume");
        }
        ZkfcSettings settings = ZkfcSettings.from(ConfigFiles.read(config.configs), config.nameservice, null);
        HaAdmin admin = new HaAdmin(settings, spec.commandLine().getOut(), Duration.ofMillis(timeoutMs));
        if (failover != null) {
            return admin.failover(failover.get(0), failover.get(1));
        }
        if (pause || resume) {
            return admin.pause(pause);
        }
        if (transitionToActive != null || transitionToStandby != null) {
            return admin.transition(transitionToActive != null ? transitionToActive : transitionToStandby,
                    transitionToActive != null, forceManual);
        }
        int code = getServiceState != null ? admin.getServiceState(getServiceState)
                : getAllServiceState ? admin.getAllServiceState() : admin.checkHealth(checkHealth);
        return code;
    }
}
