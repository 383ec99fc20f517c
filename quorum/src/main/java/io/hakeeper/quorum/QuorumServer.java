package io.hakeeper.quorum;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.zookeeper.server.DatadirCleanupManager;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hakeeper quorum start}: validates a zoo.cfg, then runs the real Apache ZooKeeper server in this JVM, in
 * the foreground: a {@link QuorumPeerMain} quorum peer (ZAB) when the config lists servers, the standalone
 * {@link ZooKeeperServerMain} otherwise. Both paths start the autopurge task, as ZooKeeper's own launcher does.
 */
public final class QuorumServer {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumServer.class);

    private QuorumServer() {
    }

    /** Validates and prints one line per problem; throws {@link ExitCode#CONFIG} if any is an error. */
    public static ZooCfg check(Path configFile, boolean allowUnknownKeys, Consumer<String> report) {
        ZooCfg cfg = ZooCfg.read(configFile);
        List<Problem> problems = new ConfigValidator(true, allowUnknownKeys).validate(cfg);
        problems.forEach(p -> report.accept(p.toString()));
        long errors = problems.stream().filter(Problem::isError).count();
        if (errors > 0) {
            throw HakeeperException.config(configFile + " has " + errors + " problem" + (errors > 1 ? "s" : "")
                    + " (listed above): fix them and start again");
        }
        return cfg;
    }

    /** The default log directory: {@code logs/} beside the config file. */
    public static Path defaultLogDir(Path configFile) {
        Path parent = configFile.toAbsolutePath().getParent();
        return parent.resolve("logs");
    }

    /** Runs until the server shuts down. */
    public static void run(Path configFile, Path logDir, boolean allowUnknownKeys, Consumer<String> report) {
        check(configFile, allowUnknownKeys, report);
        ServerLogging.configure(logDir);
        QuorumPeerConfig config = new QuorumPeerConfig();
        try {
            config.parse(configFile.toString());
        } catch (QuorumPeerConfig.ConfigException e) {
            throw HakeeperException.config("ZooKeeper rejected " + configFile + ": " + rootMessage(e));
        }
        new DatadirCleanupManager(config.getDataDir(), config.getDataLogDir(), config.getSnapRetainCount(),
                config.getPurgeInterval()).start();
        try {
            if (config.isDistributed()) {
                LOG.info("starting quorum peer {} of {} servers from {}", config.getServerId(),
                        config.getQuorumVerifier().getAllMembers().size(), configFile);
                new QuorumPeerMain().runFromConfig(config);
            } else {
                LOG.info("starting standalone server from {}", configFile);
                ServerConfig serverConfig = new ServerConfig();
                serverConfig.readFrom(config);
                new ZooKeeperServerMain().runFromConfig(serverConfig);
            }
        } catch (Exception e) {
            throw new HakeeperException(ExitCode.FAILURE, "the ZooKeeper server stopped: " + rootMessage(e)
                    + " (see " + logDir.resolve(ServerLogging.SERVER_LOG) + ")", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
