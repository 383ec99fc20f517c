package io.hakeeper.quorum;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.hakeeper.core.error.HakeeperException;
import java.net.URL;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Points this JVM's logging at a server's log directory: {@code zookeeper.log} for the server and
 * {@code zookeeper_audit.log} for ZooKeeper's audit logger alone, so the audit trail is never mixed with noise.
 */
public final class ServerLogging {
    public static final String SERVER_LOG = "zookeeper.log";
    public static final String AUDIT_LOG = "zookeeper_audit.log";

    private ServerLogging() {
    }

    public static void configure(Path logDir) {
        // read by the audit logger, which writes its own file beside the server log
        System.setProperty("hakeeper.log.dir", logDir.toAbsolutePath().toString());
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another slf4j binding was chosen by the embedding application: leave its logging alone
        }
        URL config = ServerLogging.class.getResource("/hakeeper-server-logback.xml");
        ctx.reset();
        ctx.putProperty("hakeeper.log.dir", logDir.toAbsolutePath().toString());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(ctx);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw HakeeperException.config("cannot set up logging in " + logDir + ": " + e.getMessage());
        }
    }
}
