package io.hakeeper.kafka;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.core.util.Throttle;
import io.hakeeper.core.zk.CheckedEphemeral;
import io.hakeeper.core.zk.SessionTracker;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a broker's {@code /brokers/ids/<id>} (v5 JSON) as a checked ephemeral: registered again in every new
 * session (KAFKA-7165: a broker that lost its registration must notice and re-register), a stale node of our own
 * earlier session replaced, a live duplicate id refused with a clear error. The broker epoch is the czxid of the
 * node. The constructor does no I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class BrokerAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAgent.class);

    private final CuratorFramework client;
    private final KafkaPayloads.BrokerRegistration registration;
    private final CheckedEphemeral node;
    private final SessionTracker session;
    private final AgentLoop loop;
    private long registeredSession = -1;
    private final Throttle refusalLog = new Throttle(Duration.ofMinutes(1)); // retried every tick, logged now and then
    private volatile String status = "starting";
    private boolean closed;

    public BrokerAgent(CuratorFramework client, KafkaPayloads.BrokerRegistration registration) {
        this.client = client;
        this.registration = registration;
        this.node = new CheckedEphemeral(client, KafkaZnodes.broker(registration.id()),
                () -> KafkaPayloads.broker(new KafkaPayloads.BrokerRegistration(registration.id(), registration.endpoints(),
                        registration.rack(), registration.jmxPort(), System.currentTimeMillis())));
        this.session = new SessionTracker(client, Duration.ofMillis(200));
        this.loop = new AgentLoop("broker-agent-" + registration.id());
    }

    public synchronized BrokerAgent start() {
        session.start(); // a second start() fails here
        loop.start(this::tick, Duration.ofMillis(100));
        return this;
    }

    public String status() {
        return status;
    }

    private void tick() {
        try {
            if (!session.isConnected()) {
                return;
            }
            long sid = session.liveSessionId();
            if (sid == registeredSession) {
                return;
            }
            KafkaZnodes.createTopLevelPaths(client.getZookeeperClient().getZooKeeper());
            registeredSession = node.register();
            long brokerEpoch = client.checkExists().forPath(node.path()).getCzxid();
            status = "registered in session 0x" + Long.toHexString(sid) + " (broker epoch " + brokerEpoch + ")";
            LOG.info("broker {}: {}", registration.id(), status);
        } catch (HakeeperException e) {
            status = "refused: " + e.getMessage();
            if (refusalLog.ready()) {
                LOG.error("broker {}: {}", registration.id(), e.getMessage());
            }
        } catch (Exception e) {
            LOG.warn("broker {}: {} (will retry)", registration.id(), e.toString());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        try {
            node.unregister();
        } catch (Exception e) {
            LOG.debug("broker {}: cleanup on close: {}", registration.id(), e.toString());
        }
        session.close();
    }
}
