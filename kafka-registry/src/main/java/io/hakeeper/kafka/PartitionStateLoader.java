package io.hakeeper.kafka;

import io.hakeeper.core.zk.BulkReader;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads topics and partition states into the controller's context in two pipelined rounds of read-only multis
 * (Kafka 1.1's fix for slow controller failover, docs/ARCHITECTURE.md): every topic's assignment with the children of its
 * partitions znode, then every existing partition's state. A corrupt znode is named in the log and left out; the
 * controller does not act on what it cannot read.
 */
final class PartitionStateLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionStateLoader.class);

    /** What the load found missing: the znodes a new partition still needs. */
    record Missing(Set<String> partitionsDirs, Set<TopicPartition> partitionNodes, Set<TopicPartition> states) {
    }

    /**
     * One topic to a multi: a topic's assignment and its partition list run to tens of KB each, and a reply larger
     * than the client's jute.maxbuffer (1 MiB) would cost the connection.
     */
    private final BulkReader topicReader;
    /** States are ~80 bytes: 1000 to a multi (~100 KB replies), 32 multis in flight. */
    private final BulkReader stateReader;

    PartitionStateLoader(ZooKeeper zk, Duration deadline) {
        this.topicReader = new BulkReader(zk, 2, 32, deadline);
        this.stateReader = new BulkReader(zk, 1000, 32, deadline);
    }

    Missing loadTopics(Collection<String> names, ControllerContext ctx) throws InterruptedException, TimeoutException {
        List<String> topics = List.copyOf(names);
        List<Op> ops = new ArrayList<>(topics.size() * 2);
        for (String t : topics) {
            ops.add(Op.getData(KafkaZnodes.topic(t)));
            ops.add(Op.getChildren(KafkaZnodes.partitions(t)));
        }
        List<OpResult> results = topicReader.read(ops);
        Set<String> noDir = new HashSet<>();
        Set<TopicPartition> noNode = new HashSet<>();
        List<TopicPartition> toRead = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            String t = topics.get(i);
            if (!(results.get(2 * i) instanceof OpResult.GetDataResult data)) {
                continue; // deleted meanwhile
            }
            KafkaPayloads.TopicAssignment assignment;
            try {
                assignment = KafkaPayloads.parseTopic(KafkaZnodes.topic(t), data.getData());
            } catch (CorruptZnodeException e) {
                LOG.error("{} (its partitions are left alone until it is fixed)", e.getMessage());
                continue;
            }
            ctx.putTopic(t, new ControllerContext.Topic(assignment, data.getStat().getVersion()));
            Set<String> children = results.get(2 * i + 1) instanceof OpResult.GetChildrenResult c ? new HashSet<>(c.getChildren()) : null;
            if (children == null) {
                noDir.add(t);
            }
            for (int p : assignment.partitions().keySet()) {
                TopicPartition tp = new TopicPartition(t, p);
                if (children == null || !children.contains(Integer.toString(p))) {
                    noNode.add(tp);
                } else {
                    toRead.add(tp);
                }
            }
        }
        Set<TopicPartition> noState = new HashSet<>(noNode);
        noState.addAll(reloadStates(toRead, ctx));
        return new Missing(noDir, noNode, noState);
    }

    /** Reads the states of these partitions into the context; returns those that have no state znode. */
    Set<TopicPartition> reloadStates(Collection<TopicPartition> partitions, ControllerContext ctx)
            throws InterruptedException, TimeoutException {
        List<TopicPartition> tps = List.copyOf(partitions);
        List<OpResult> results = stateReader.read(tps.stream().map(tp -> (Op) Op.getData(KafkaZnodes.partitionState(tp))).toList());
        Set<TopicPartition> missing = new HashSet<>();
        for (int i = 0; i < tps.size(); i++) {
            TopicPartition tp = tps.get(i);
            OpResult r = results.get(i);
            if (r instanceof OpResult.GetDataResult data) {
                try {
                    ctx.putState(tp, new ControllerContext.Versioned(
                            KafkaPayloads.parsePartitionState(KafkaZnodes.partitionState(tp), data.getData()), data.getStat().getVersion()));
                } catch (CorruptZnodeException e) {
                    LOG.error("{} (partition {} is left alone until it is fixed)", e.getMessage(), tp);
                }
            } else if (r instanceof OpResult.ErrorResult err && err.getErr() == KeeperException.Code.NONODE.intValue()) {
                missing.add(tp);
                ctx.states().remove(tp);
            }
        }
        return missing;
    }
}
