package io.hakeeper.kafka;

import io.hakeeper.core.znode.CorruptZnodeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Preferred-replica election: on request ({@code /admin/preferred_replica_election}, deleted once done) and as
 * Kafka's periodic auto rebalance (checkAndTriggerAutoLeaderRebalance): a broker whose share of preferred
 * partitions led by others exceeds leader.imbalance.per.broker.percentage gets them back, where it is live and in
 * the ISR.
 */
final class PreferredLeaders {
    private static final Logger LOG = LoggerFactory.getLogger(PreferredLeaders.class);

    private final ControllerOffice o;

    PreferredLeaders(ControllerOffice office) {
        this.o = office;
    }

    void handleRequest() throws Exception {
        Stat stat = new Stat();
        List<TopicPartition> asked;
        try {
            asked = KafkaAdminPayloads.parsePartitionList(KafkaZnodes.PREFERRED_REPLICA_ELECTION,
                    o.zk.getData(KafkaZnodes.PREFERRED_REPLICA_ELECTION, o.wake, stat));
        } catch (KeeperException.NoNodeException none) {
            o.zk.exists(KafkaZnodes.PREFERRED_REPLICA_ELECTION, o.wake);
            return;
        } catch (CorruptZnodeException e) {
            LOG.error("{}: removed", e.getMessage());
            asked = List.of();
        }
        o.apply(asked.stream().filter(tp -> o.ctx.state(tp) != null).toList(), tp -> StateDecisions.preferred(tp, o.ctx, o.epoch));
        o.fenced(List.of(Op.delete(KafkaZnodes.PREFERRED_REPLICA_ELECTION, stat.getVersion())));
        o.zk.exists(KafkaZnodes.PREFERRED_REPLICA_ELECTION, o.wake);
    }

    void rebalance(int imbalancePercent) throws Exception {
        Map<Integer, List<TopicPartition>> byPreferred = new HashMap<>();
        for (TopicPartition tp : o.ctx.states().keySet()) {
            List<Integer> replicas = o.ctx.replicas(tp);
            if (!replicas.isEmpty()) {
                byPreferred.computeIfAbsent(replicas.get(0), b -> new ArrayList<>()).add(tp);
            }
        }
        List<TopicPartition> candidates = new ArrayList<>();
        byPreferred.forEach((broker, preferred) -> {
            List<TopicPartition> ledByOthers = preferred.stream().filter(tp -> o.ctx.leaderOf(tp) != broker).toList();
            if (ledByOthers.size() * 100L > (long) imbalancePercent * preferred.size()) {
                candidates.addAll(ledByOthers);
            }
        });
        if (!candidates.isEmpty()) {
            o.apply(candidates.stream().sorted().toList(), tp -> StateDecisions.preferred(tp, o.ctx, o.epoch));
            LOG.info("auto leader rebalance: {} partitions considered", candidates.size());
        }
    }
}
