package io.hakeeper.kafka;

import io.hakeeper.core.election.Term;
import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import org.apache.curator.framework.CuratorFramework;

/**
 * What one broker runs against ZooKeeper, wired together: its registration ({@link BrokerAgent}), its part in the
 * controller election ({@link KafkaController}), and, while elected, the controller's partition work
 * ({@link PartitionController}). The constructor does no I/O; {@link #close()} is idempotent.
 */
public final class BrokerServices implements AutoCloseable {
    /** What the broker's owner hears of: elections won and lost, partition states written as controller. */
    public interface Listener {
        default void becameController(int epoch) {
        }

        default void resigned(String why) {
        }

        default void stateWritten(int controllerEpoch, TopicPartition tp, String topicId, PartitionState state) {
        }
    }

    private final BrokerAgent agent;
    private final KafkaController controller;
    private final PartitionController partitions;
    private boolean closed;

    public BrokerServices(CuratorFramework client, KafkaPayloads.BrokerRegistration registration,
            PartitionController.Settings settings, Listener listener) {
        this.agent = new BrokerAgent(client, registration);
        this.partitions = new PartitionController(client, registration.id(), settings, listener::stateWritten);
        this.controller = new KafkaController(client, registration.id(), new KafkaController.Listener() {
            @Override
            public void becameController(Term term) {
                listener.becameController((int) term.token());
                partitions.activate(term); // the partition work of this term is written under this term, and dies with it
            }

            @Override
            public void resigned(String why) {
                partitions.deactivate();
                listener.resigned(why);
            }
        });
    }

    /**
     * Starts the registration; the controller election starts only once this broker is registered (a broker whose
     * id another live process holds never competes for the controller).
     */
    public synchronized BrokerServices start() {
        partitions.start();
        agent.whenRegistered(controller::start).start();
        return this;
    }

    public BrokerAgent agent() {
        return agent;
    }

    public KafkaController controller() {
        return controller;
    }

    public PartitionController partitions() {
        return partitions;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        controller.close();
        partitions.close();
        agent.close();
    }
}
