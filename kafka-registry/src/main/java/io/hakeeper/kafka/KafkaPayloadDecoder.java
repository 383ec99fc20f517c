package io.hakeeper.kafka;

import io.hakeeper.core.znode.PayloadDecoder;
import java.util.Optional;
import org.apache.zookeeper.data.Stat;

/**
 * Teaches {@code hakeeper zk get} Kafka's znodes: brokers, controller and epoch, cluster id, topics, partition state,
 * topic configs, ISR change notifications, reassignment and preferred-replica requests, controlled-shutdown requests.
 */
public final class KafkaPayloadDecoder implements PayloadDecoder {
    @Override
    public Optional<String> decode(String path, byte[] data, Stat stat) {
        if (data == null || data.length == 0) {
            return Optional.empty();
        }
        String parent = path.substring(0, Math.max(0, path.lastIndexOf('/')));
        if (parent.endsWith("/brokers/ids") && path.substring(path.lastIndexOf('/') + 1).matches("\\d+")) {
            KafkaPayloads.BrokerRegistration b = KafkaPayloads.parseBroker(path, data);
            return Optional.of("broker " + b.id() + " " + b.endpoints().stream().map(KafkaPayloads.Endpoint::connectionString).toList()
                    + (b.rack() == null ? "" : " rack " + b.rack()) + (stat == null ? "" : " (broker epoch " + stat.getCzxid() + ")"));
        }
        if (path.endsWith("/controller") && data[0] == '{') {
            return Optional.of("controller: broker " + KafkaPayloads.parseController(path, data));
        }
        if (path.endsWith("/controller_epoch")) {
            return Optional.of("controller epoch " + KafkaPayloads.parseControllerEpoch(path, data));
        }
        if (path.endsWith("/cluster/id")) {
            return Optional.of("cluster id " + KafkaPayloads.parseClusterId(path, data));
        }
        if (path.endsWith("/state") && path.contains("/brokers/topics/")) {
            KafkaPayloads.PartitionState s = KafkaPayloads.parsePartitionState(path, data);
            return Optional.of("leader " + s.leader() + ", leader epoch " + s.leaderEpoch() + ", isr " + s.isr()
                    + ", controller epoch " + s.controllerEpoch() + (s.recovering() ? ", recovering" : ""));
        }
        if (parent.endsWith("/brokers/topics")) {
            KafkaPayloads.TopicAssignment t = KafkaPayloads.parseTopic(path, data);
            return Optional.of("topic assignment " + t.partitions() + (t.adding().isEmpty() ? "" : ", adding " + t.adding())
                    + (t.removing().isEmpty() ? "" : ", removing " + t.removing()) + (t.topicId() == null ? "" : ", topic id " + t.topicId()));
        }
        if (parent.endsWith(KafkaZnodes.CONFIG_TOPICS)) {
            return Optional.of("topic config " + KafkaAdminPayloads.parseTopicConfig(path, data));
        }
        if (parent.endsWith(KafkaZnodes.ISR_CHANGE_NOTIFICATION) || path.endsWith(KafkaZnodes.PREFERRED_REPLICA_ELECTION)) {
            return Optional.of("partitions " + KafkaAdminPayloads.parsePartitionList(path, data));
        }
        if (path.endsWith(KafkaZnodes.REASSIGN_PARTITIONS)) {
            return Optional.of("reassign to " + KafkaAdminPayloads.parseReassignPartitions(path, data));
        }
        if (path.matches(".*/consumers/[^/]+/ids/[^/]+")) {
            return Optional.of("consumer registration " + ConsumerPayloads.parseRegistration(path, data));
        }
        if (parent.endsWith(KafkaZnodes.CONTROLLED_SHUTDOWN)) {
            KafkaAdminPayloads.ShutdownRequest r = KafkaAdminPayloads.parseShutdownRequest(path, data);
            return Optional.of("controlled shutdown of broker " + r.broker() + " (broker epoch " + r.brokerEpoch() + "): "
                    + (r.done() ? "done, still leading " + r.remaining() : "requested"));
        }
        return Optional.empty();
    }
}
