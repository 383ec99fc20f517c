package io.hakeeper.cli;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.quorum.QuorumServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "start", description = "Validate a zoo.cfg, then run that ZooKeeper server in the foreground"
        + " (standalone for one server, a quorum peer otherwise).")
final class QuorumStartCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The zoo.cfg to run.")
    Path config;

    @Option(names = "--log-dir", paramLabel = "DIR",
            description = "Where zookeeper.log and zookeeper_audit.log go. Default: logs/ beside the config.")
    Path logDir;

    @Option(names = "--check", description = "Only validate: print every problem and exit (0, or 3 on errors).")
    boolean check;

    @Option(names = "--allow-unknown-keys", description = "Report unknown zoo.cfg keys as warnings, not errors.")
    boolean allowUnknownKeys;

    @Option(names = "--jaas", paramLabel = "FILE", description = "JAAS file with a Server section, for SASL clients.")
    Path jaas;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter err = spec.commandLine().getErr();
        if (check) {
            QuorumServer.check(config, allowUnknownKeys, err::println);
            spec.commandLine().getOut().println(config + " is valid");
            return 0;
        }
        if (jaas != null) {
            if (!Files.isReadable(jaas)) {
                throw HakeeperException.config("cannot read the JAAS file " + jaas + ": give a file with a Server section");
            }
            System.setProperty("java.security.auth.login.config", jaas.toAbsolutePath().toString());
        }
        QuorumServer.run(config, logDir != null ? logDir : QuorumServer.defaultLogDir(config), allowUnknownKeys, err::println);
        return 0;
    }
}
