package io.hakeeper.kafka;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.kafka.ControllerContext.Topic;
import io.hakeeper.kafka.KafkaPayloads.TopicAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition reassignment through {@code /admin/reassign_partitions} (Kafka's onPartitionReassignment, ZooKeeper
 * mode). For a target TRS and original replicas ORS: first the topic znode lists RS = TRS + ORS with the replicas
 * being added (RS - ORS) and removed (RS - TRS); the new replicas catch up and their leader adds them to the ISR
 * (an ISR change notification tells us). Once TRS is within the ISR: the leader moves if it is not a live target
 * (reassign election), the leaving replicas drop out of the ISR, the topic znode lists TRS alone, and the partition
 * leaves the request, which is deleted when empty.
 */
final class Reassignments {
    private static final Logger LOG = LoggerFactory.getLogger(Reassignments.class);

    private final ControllerOffice o;

    Reassignments(ControllerOffice office) {
        this.o = office;
    }

    void handle() throws Exception {
        Stat stat = new Stat();
        Map<TopicPartition, List<Integer>> requested;
        try {
            requested = KafkaAdminPayloads.parseReassignPartitions(KafkaZnodes.REASSIGN_PARTITIONS,
                    o.zk.getData(KafkaZnodes.REASSIGN_PARTITIONS, o.wake, stat));
        } catch (KeeperException.NoNodeException none) {
            o.zk.exists(KafkaZnodes.REASSIGN_PARTITIONS, o.wake);
            return;
        } catch (CorruptZnodeException e) {
            LOG.error("{}: removed; write it again as Kafka's reassignment JSON", e.getMessage());
            o.fenced(List.of(Op.delete(KafkaZnodes.REASSIGN_PARTITIONS, stat.getVersion())));
            return;
        }
        Map<TopicPartition, List<Integer>> stillMoving = new LinkedHashMap<>();
        Map<String, Map<Integer, Edit>> topicEdits = new HashMap<>(); // topic -> partition -> its replica lists
        for (var e : requested.entrySet()) {
            TopicPartition tp = e.getKey();
            List<Integer> target = e.getValue();
            Topic topic = o.ctx.topics().get(tp.topic());
            if (topic == null || !topic.assignment().partitions().containsKey(tp.partition())) {
                LOG.warn("reassignment of {}: no such partition; dropped", tp);
                continue;
            }
            TopicAssignment a = topic.assignment();
            List<Integer> rs = a.partitions().get(tp.partition());
            List<Integer> adding = a.adding().getOrDefault(tp.partition(), List.of());
            List<Integer> ors = rs.stream().filter(r -> !adding.contains(r)).toList();
            var state = o.ctx.state(tp);
            if (state != null && state.state().isr().containsAll(target)) {
                var change = StateDecisions.completeReassignment(tp, o.ctx, target, o.epoch);
                if (change.isEmpty() || !o.writer.write(List.of(change.get()), o.ctx).isEmpty()) {
                    stillMoving.put(tp, target); // no target can lead yet, or the state moved: next time
                    continue;
                }
                edit(topicEdits, tp, target, List.of(), List.of());
                LOG.info("reassignment of {} to {} complete", tp, target);
            } else {
                List<Integer> newRs = new ArrayList<>(new LinkedHashSet<>(concat(target, ors)));
                edit(topicEdits, tp, newRs, newRs.stream().filter(r -> !ors.contains(r)).toList(),
                        newRs.stream().filter(r -> !target.contains(r)).toList());
                stillMoving.put(tp, target);
            }
        }
        for (var e : topicEdits.entrySet()) {
            writeTopic(e.getKey(), e.getValue());
        }
        if (stillMoving.isEmpty()) {
            o.fenced(List.of(Op.delete(KafkaZnodes.REASSIGN_PARTITIONS, stat.getVersion())));
        } else if (!stillMoving.equals(requested)) {
            o.fenced(List.of(Op.setData(KafkaZnodes.REASSIGN_PARTITIONS, KafkaAdminPayloads.reassignPartitions(stillMoving),
                    stat.getVersion())));
        }
    }

    /** A partition's replicas (RS) and those being added (AR) and removed (RR), as the topic znode will list them. */
    private record Edit(List<Integer> replicas, List<Integer> adding, List<Integer> removing) {
    }

    private static void edit(Map<String, Map<Integer, Edit>> edits, TopicPartition tp, List<Integer> rs,
            List<Integer> adding, List<Integer> removing) {
        edits.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(),
                new Edit(List.copyOf(rs), List.copyOf(adding), List.copyOf(removing)));
    }

    private void writeTopic(String name, Map<Integer, Edit> edits) throws Exception {
        Topic topic = o.ctx.topics().get(name);
        TopicAssignment a = topic.assignment();
        Map<Integer, List<Integer>> partitions = new TreeMap<>(a.partitions());
        Map<Integer, List<Integer>> adding = new TreeMap<>(a.adding());
        Map<Integer, List<Integer>> removing = new TreeMap<>(a.removing());
        edits.forEach((p, e) -> {
            partitions.put(p, e.replicas());
            adding.put(p, e.adding());
            removing.put(p, e.removing());
        });
        adding.values().removeIf(List::isEmpty);
        removing.values().removeIf(List::isEmpty);
        TopicAssignment updated = new TopicAssignment(partitions, a.topicId(), adding, removing);
        if (updated.equals(a)) {
            return;
        }
        o.fenced(List.of(Op.setData(KafkaZnodes.topic(name), KafkaPayloads.topic(updated), topic.version())));
        o.ctx.putTopic(name, new Topic(updated, topic.version() + 1));
    }

    private static List<Integer> concat(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
