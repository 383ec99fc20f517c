package io.hakeeper.kafka;

import io.hakeeper.core.zk.BulkReader;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's side of ISR change notifications (Kafka's processIsrChangeNotification): read every
 * {@code /isr_change_notification/isr_change_*} in bulk, re-read the states of the partitions they name (a leader
 * changed their ISR), then delete the notifications, fenced.
 */
final class IsrChangeNotifications {
    private static final Logger LOG = LoggerFactory.getLogger(IsrChangeNotifications.class);

    private final ControllerOffice o;

    IsrChangeNotifications(ControllerOffice office) {
        this.o = office;
    }

    /** True when some partition's state was re-read. */
    boolean handle() throws Exception {
        List<String> names;
        try {
            names = o.zk.getChildren(KafkaZnodes.ISR_CHANGE_NOTIFICATION, o.wake).stream()
                    .filter(n -> n.startsWith("isr_change_")).sorted().toList();
        } catch (org.apache.zookeeper.KeeperException.NoNodeException notYet) { // the brokers create it at start-up
            o.zk.exists(KafkaZnodes.ISR_CHANGE_NOTIFICATION, o.wake);
            return false;
        }
        if (names.isEmpty()) {
            return false;
        }
        List<String> paths = names.stream().map(n -> KafkaZnodes.ISR_CHANGE_NOTIFICATION + "/" + n).toList();
        List<OpResult> results = new BulkReader(o.zk, java.time.Duration.ofSeconds(30))
                .read(paths.stream().map(p -> (Op) Op.getData(p)).toList());
        Set<TopicPartition> changed = new HashSet<>();
        for (int i = 0; i < paths.size(); i++) {
            if (results.get(i) instanceof OpResult.GetDataResult data) {
                try {
                    KafkaAdminPayloads.parsePartitionList(paths.get(i), data.getData()).stream()
                            .filter(tp -> !o.ctx.replicas(tp).isEmpty()).forEach(changed::add);
                } catch (CorruptZnodeException e) {
                    LOG.error("{}: deleted unread", e.getMessage());
                }
            }
        }
        o.loader.reloadStates(changed, o.ctx);
        List<Op> deletes = new ArrayList<>();
        paths.forEach(p -> deletes.add(Op.delete(p, -1)));
        o.fencedBulk(deletes);
        LOG.debug("{} ISR change notifications: {} partitions re-read", paths.size(), changed.size());
        return !changed.isEmpty();
    }
}
