package io.hakeeper.kafka;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.kafka.KafkaAdminPayloads.ShutdownRequest;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Controlled shutdown (Kafka's KafkaController.doControlledShutdown): for each request under
 * {@code /hakeeper/controlled_shutdown}, mark the broker shutting down (no longer a leader candidate), move each
 * leadership it holds to the first other live ISR replica, take it out of every ISR, then answer {@code done} with
 * the partitions it still leads (no one else could). The broker agent deregisters only after that answer. A
 * request for a registration that is gone (or a newer one of the same id) is removed.
 */
final class ControlledShutdowns {
    private static final Logger LOG = LoggerFactory.getLogger(ControlledShutdowns.class);

    private final ControllerOffice o;

    ControlledShutdowns(ControllerOffice office) {
        this.o = office;
    }

    void handle() throws Exception {
        List<String> children;
        try {
            children = o.zk.getChildren(KafkaZnodes.CONTROLLED_SHUTDOWN, o.wake);
        } catch (KeeperException.NoNodeException none) {
            o.zk.exists(KafkaZnodes.CONTROLLED_SHUTDOWN, o.wake); // woken when the first request comes
            return;
        }
        for (String child : children) {
            String path = KafkaZnodes.CONTROLLED_SHUTDOWN + "/" + child;
            Stat stat = new Stat();
            ShutdownRequest request;
            try {
                request = KafkaAdminPayloads.parseShutdownRequest(path, o.zk.getData(path, false, stat));
            } catch (KeeperException.NoNodeException gone) {
                continue;
            } catch (CorruptZnodeException e) {
                LOG.error("{}: removed", e.getMessage());
                o.fenced(List.of(Op.delete(path, stat.getVersion())));
                continue;
            }
            Stat registration = o.zk.exists(KafkaZnodes.broker(request.broker()), false);
            if (registration == null || registration.getCzxid() != request.brokerEpoch()) {
                o.ctx.shuttingDown().remove(request.broker()); // that registration is over: the request with it
                o.fenced(List.of(Op.delete(path, stat.getVersion())));
                continue;
            }
            o.ctx.shuttingDown().add(request.broker());
            if (request.done()) {
                continue; // answered in an earlier term; the broker is on its way out
            }
            int id = request.broker();
            Set<TopicPartition> left = o.apply(o.ctx.partitionsWhere(tp -> {
                var v = o.ctx.state(tp);
                return v != null && (v.state().leader() == id || v.state().isr().contains(id));
            }), tp -> StateDecisions.controlledShutdown(tp, o.ctx, o.epoch));
            if (!left.isEmpty()) {
                throw new IllegalStateException(left.size() + " partition states kept changing during broker " + id
                        + "'s controlled shutdown");
            }
            List<TopicPartition> remaining = o.ctx.partitionsWhere(tp -> o.ctx.leaderOf(tp) == id);
            o.fenced(List.of(Op.setData(path, KafkaAdminPayloads.shutdownRequest(
                    new ShutdownRequest(id, request.brokerEpoch(), true, remaining)), stat.getVersion())));
            LOG.info("broker {}: leaderships moved for its controlled shutdown; {} partitions had no one else to lead",
                    id, remaining.size());
        }
    }
}
