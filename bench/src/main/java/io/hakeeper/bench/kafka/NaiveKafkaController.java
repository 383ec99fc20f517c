package io.hakeeper.bench.kafka;

import io.hakeeper.kafka.KafkaPayloads;
import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import io.hakeeper.kafka.KafkaZnodes;
import io.hakeeper.kafka.LeaderElection;
import io.hakeeper.kafka.TopicPartition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The peer: a controller as Kafka's was before 1.1 (KAFKA-5642), one synchronous ZooKeeper request at a time:
 * it loads every topic and partition state with a getData each, and on a broker's death writes each partition's new
 * state with its own conditional setData, waiting for each reply. Same election rules as ours.
 */
final class NaiveKafkaController {
    private final ZooKeeper zk;
    private final Map<TopicPartition, List<Integer>> replicas = new HashMap<>();
    private final Map<TopicPartition, PartitionState> states = new HashMap<>();
    private final Map<TopicPartition, Integer> versions = new HashMap<>();

    NaiveKafkaController(ZooKeeper zk) {
        this.zk = zk;
    }

    void load() throws Exception {
        replicas.clear();
        states.clear();
        versions.clear();
        for (String topic : zk.getChildren(KafkaZnodes.BROKER_TOPICS, false)) {
            KafkaPayloads.TopicAssignment a = KafkaPayloads.parseTopic(topic, zk.getData(KafkaZnodes.topic(topic), false, null));
            a.partitions().forEach((p, r) -> replicas.put(new TopicPartition(topic, p), r));
        }
        for (TopicPartition tp : replicas.keySet()) {
            Stat stat = new Stat();
            byte[] data = zk.getData(KafkaZnodes.partitionState(tp), false, stat);
            states.put(tp, KafkaPayloads.parsePartitionState("state", data));
            versions.put(tp, stat.getVersion());
        }
    }

    int partitionsLoaded() {
        return states.size();
    }

    /** New leaders, one synchronous write each, for every partition {@code dead} led; returns how many it wrote. */
    int reelect(int dead, Set<Integer> live, int controllerEpoch) throws Exception {
        int written = 0;
        for (var e : states.entrySet()) {
            PartitionState s = e.getValue();
            if (s.leader() != dead) {
                continue;
            }
            TopicPartition tp = e.getKey();
            var outcome = LeaderElection.offline(replicas.get(tp), s.isr(), live, false);
            PartitionState next = outcome.map(o -> new PartitionState(o.leader(), s.leaderEpoch() + 1, controllerEpoch, o.isr(), false))
                    .orElse(new PartitionState(-1, s.leaderEpoch() + 1, controllerEpoch, s.isr(), false));
            Stat stat = zk.setData(KafkaZnodes.partitionState(tp), KafkaPayloads.partitionState(next), versions.get(tp));
            e.setValue(next);
            versions.put(tp, stat.getVersion());
            written++;
        }
        return written;
    }
}
