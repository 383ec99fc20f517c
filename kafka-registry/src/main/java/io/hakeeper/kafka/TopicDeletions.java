package io.hakeeper.kafka;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topic deletion as Kafka's controller finishes it (TopicDeletionManager.completeDeleteTopic): for each topic
 * named under {@code /admin/delete_topics}, delete {@code /brokers/topics/<t>} and everything under it, then
 * {@code /config/topics/<t>}, then the request; fenced, children before parents. A request for a topic that does
 * not exist is simply removed.
 */
final class TopicDeletions {
    private static final Logger LOG = LoggerFactory.getLogger(TopicDeletions.class);

    private final ControllerOffice o;

    TopicDeletions(ControllerOffice office) {
        this.o = office;
    }

    void handle() throws Exception {
        List<String> requested;
        try {
            requested = o.zk.getChildren(KafkaZnodes.DELETE_TOPICS, o.wake);
        } catch (KeeperException.NoNodeException notYet) { // the brokers create it at start-up
            o.zk.exists(KafkaZnodes.DELETE_TOPICS, o.wake);
            return;
        }
        for (String topic : requested) {
            List<Op> ops = new ArrayList<>();
            addRecursiveDelete(KafkaZnodes.topic(topic), ops);
            addRecursiveDelete(KafkaZnodes.topicConfig(topic), ops);
            ops.add(Op.delete(KafkaZnodes.deleteTopic(topic), -1));
            if (!o.fencedBulk(ops)) {
                throw new IllegalStateException("topic " + topic + " changed while it was being deleted");
            }
            o.ctx.removeTopic(topic);
            LOG.info("topic {} deleted", topic);
        }
    }

    /** Deletes of the subtree at {@code path}, deepest first (none if it does not exist). */
    private void addRecursiveDelete(String path, List<Op> ops) throws KeeperException, InterruptedException {
        List<String> children;
        try {
            children = o.zk.getChildren(path, false);
        } catch (KeeperException.NoNodeException gone) {
            return;
        }
        for (String child : children) {
            addRecursiveDelete(path + "/" + child, ops);
        }
        ops.add(Op.delete(path, -1));
    }
}
