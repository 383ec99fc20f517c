package io.hakeeper.kafka;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.core.util.Throttle;
import io.hakeeper.core.zk.CheckedEphemeral;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a broker's {@code /brokers/ids/<id>} (v5 JSON) as a checked ephemeral: registered again in every new
 * session (KAFKA-7165: a broker that lost its registration must notice and re-register), a stale node of our own
 * earlier session replaced. A live duplicate id is a configuration mistake (two brokers given one id), and Kafka's own
 * broker fails its start-up on it: the agent stops trying and says so once ({@link #refusal()}), for its process to
 * exit 8. The broker epoch is the czxid of the node. The constructor does no I/O; {@link #start()} once;
 * {@link #close()} is idempotent.
 */
public final class BrokerAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAgent.class);

    private final CuratorFramework client;
    private final KafkaPayloads.BrokerRegistration registration;
    private final CheckedEphemeral node;
    private final AgentLoop loop;
    /** Our mark beside the registration, in the same session (see {@link KafkaZnodes#AGENT_MARKS}). */
    private final CheckedEphemeral mark;
    private long registeredSession = -1;
    private final Throttle refusalLog = new Throttle(Duration.ofMinutes(1)); // retried every tick, logged now and then
    private volatile String status = "starting";
    private volatile long brokerEpoch = -1;
    private volatile boolean shutDown;
    private volatile boolean shutdownAnswered;
    private volatile HakeeperException refusal;
    private Runnable whenRegistered = () -> { };
    private boolean registeredOnce;
    private boolean closed;

    public BrokerAgent(CuratorFramework client, KafkaPayloads.BrokerRegistration registration) {
        this.client = client;
        this.registration = registration;
        this.node = new CheckedEphemeral(client, KafkaZnodes.broker(registration.id()),
                () -> KafkaPayloads.broker(new KafkaPayloads.BrokerRegistration(registration.id(), registration.endpoints(),
                        registration.rack(), registration.jmxPort(), System.currentTimeMillis())));
        this.mark = new CheckedEphemeral(client, KafkaZnodes.agentMark(registration.id()),
                () -> "hakeeper broker-agent".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        this.loop = new AgentLoop("broker-agent-" + registration.id());
    }

    public synchronized BrokerAgent start() {
        loop.start(this::tick, Duration.ofMillis(100));
        return this;
    }

    public String status() {
        return status;
    }

    /** Why the agent gave up: another live process holds this broker id; null while it has not. */
    public HakeeperException refusal() {
        return refusal;
    }

    /** Runs {@code action} on the agent's loop after its first registration (e.g. start competing for controller). */
    public synchronized BrokerAgent whenRegistered(Runnable action) {
        this.whenRegistered = action;
        return this;
    }

    /** The czxid of our registration, or -1 before the first. */
    public long brokerEpoch() {
        return brokerEpoch;
    }

    /** True once a controlled shutdown finished and the registration was removed: the broker should stop. */
    public boolean isShutDown() {
        return shutDown;
    }

    /**
     * Asks the controller for a controlled shutdown of this broker (Kafka's controlled.shutdown.enable) and waits
     * until it answered and this agent deregistered. Without a controller before the deadline, it just stops.
     */
    public void controlledShutdown(Duration deadline) throws Exception {
        if (brokerEpoch >= 0 && !shutDown && !closed) {
            ShutdownRequests.request(client, registration.id());
            try {
                ShutdownRequests.awaitDeregistered(client, registration.id(), brokerEpoch, deadline);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("broker {}: no answer to the controlled shutdown within {} ms; stopping anyway",
                        registration.id(), deadline.toMillis());
            }
        }
    }

    private void tick() {
        try {
            // the session is read from the client (the loop polls it every tick): the registration holds no lease,
            // and the process's one heartbeat stream is the controller elector's
            if (shutDown || refusal != null || !client.getZookeeperClient().isConnected()) {
                return;
            }
            long sid = client.getZookeeperClient().getZooKeeper().getSessionId();
            if (sid == registeredSession) {
                if (shutdownAnswered) {
                    finishShutdown();
                }
                return;
            }
            KafkaZnodes.createTopLevelPaths(client.getZookeeperClient().getZooKeeper());
            if (client.checkExists().forPath(KafkaZnodes.AGENT_MARKS) == null) {
                try {
                    client.create().creatingParentsIfNeeded().forPath(KafkaZnodes.AGENT_MARKS);
                } catch (org.apache.zookeeper.KeeperException.NodeExistsException raced) {
                    // another agent made it
                }
            }
            mark.register(); // first: a registration of ours is never seen unmarked (a mark without one is harmless)
            registeredSession = node.register();
            brokerEpoch = client.checkExists().forPath(node.path()).getCzxid();
            status = "registered in session 0x" + Long.toHexString(sid) + " (broker epoch " + brokerEpoch + ")";
            LOG.info("broker {}: {}", registration.id(), status);
            watchShutdownRequest();
            if (!registeredOnce) {
                registeredOnce = true;
                whenRegistered.run();
            }
        } catch (HakeeperException e) {
            // the refusal before the status: whoever reads "refused" in the status finds the refusal set
            if (e.exitCode() == io.hakeeper.core.error.ExitCode.CONFLICT) {
                refusal = new HakeeperException(io.hakeeper.core.error.ExitCode.CONFLICT, "broker id " + registration.id()
                        + " is registered by another live process (" + e.getMessage() + "); stop that broker, or give"
                        + " this one another --id, then start it again", e);
                LOG.error("broker {}: {}", registration.id(), refusal.getMessage());
            } else if (refusalLog.ready()) {
                LOG.error("broker {}: {}", registration.id(), e.getMessage());
            }
            // "refused" only for the refusal the agent gives up on; anything else it retries, and says so
            status = (refusal != null ? "refused: " : "retrying: ") + e.getMessage();
        } catch (Exception e) {
            LOG.warn("broker {}: {} (will retry)", registration.id(), e.toString());
        }
    }

    /** Watches our controlled-shutdown request; the controller's answer wakes the loop. */
    private void watchShutdownRequest() throws Exception {
        String path = KafkaZnodes.controlledShutdown(registration.id());
        if (client.checkExists().usingWatcher((org.apache.zookeeper.Watcher) e -> {
            shutdownAnswered = true; // looked at on the loop, which re-arms the watch
            loop.wake();
        }).forPath(path) != null) {
            shutdownAnswered = true;
        }
    }

    /** The controller answered a request for this registration: deregister and stop; else keep watching. */
    private void finishShutdown() throws Exception {
        shutdownAnswered = false;
        String path = KafkaZnodes.controlledShutdown(registration.id());
        byte[] data;
        try {
            data = client.getData().forPath(path);
        } catch (org.apache.zookeeper.KeeperException.NoNodeException gone) {
            watchShutdownRequest();
            return;
        }
        KafkaAdminPayloads.ShutdownRequest r = KafkaAdminPayloads.parseShutdownRequest(path, data);
        if (r.done() && r.brokerEpoch() == brokerEpoch) {
            node.unregister();
            shutDown = true;
            status = "shut down (controlled): leaderships moved; " + r.remaining().size() + " partitions had no other leader";
            LOG.info("broker {}: {}", registration.id(), status);
            return;
        }
        watchShutdownRequest();
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
            mark.unregister();
        } catch (Exception e) {
            LOG.debug("broker {}: cleanup on close: {}", registration.id(), e.toString());
        }
    }
}
