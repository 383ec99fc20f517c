package io.hakeeper.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.UUID;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** Kafka's znode paths (ZkData.scala, layouts.md §4.1), under the client's chroot. */
public final class KafkaZnodes {
    public static final String BROKER_IDS = "/brokers/ids";
    public static final String BROKER_TOPICS = "/brokers/topics";
    public static final String SEQID = "/brokers/seqid";
    public static final String CONTROLLER = "/controller";
    public static final String CONTROLLER_EPOCH = "/controller_epoch";
    public static final String CLUSTER_ID = "/cluster/id";
    public static final String CONFIG_TOPICS = "/config/topics";
    public static final String DELETE_TOPICS = "/admin/delete_topics";
    public static final String REASSIGN_PARTITIONS = "/admin/reassign_partitions";
    public static final String PREFERRED_REPLICA_ELECTION = "/admin/preferred_replica_election";
    public static final String ISR_CHANGE_NOTIFICATION = "/isr_change_notification";
    public static final String ISR_CHANGE_PREFIX = ISR_CHANGE_NOTIFICATION + "/isr_change_";
    /** Ours (Kafka's brokers ask for a controlled shutdown over RPC): one request znode per broker. */
    public static final String CONTROLLED_SHUTDOWN = "/hakeeper/controlled_shutdown";
    /**
     * Ours: an ephemeral per broker id, made by a hakeeper broker agent in the session of its registration. Kafka's
     * broker JSON cannot carry a mark, so this is how a registration a real Kafka broker made is told from ours (its
     * registration's owner has no mark of the same session), and a hakeeper controller never competes beside one.
     */
    public static final String AGENT_MARKS = "/hakeeper/broker_agents";
    /** The old ZooKeeper consumer's groups (layouts.md §4.5). */
    public static final String CONSUMERS = "/consumers";
    /** reserved.broker.max.id's default: generated ids start above it. */
    public static final int RESERVED_BROKER_MAX_ID = 1000;

    /** What a broker creates at start-up (ZkData.PersistentZkPaths), all with null data as Kafka leaves them. */
    public static final List<String> PERSISTENT_PATHS = List.of(CONSUMERS, BROKER_IDS, BROKER_TOPICS, "/config/changes",
            "/admin/delete_topics", SEQID, "/isr_change_notification", "/latest_producer_id_block",
            "/log_dir_event_notification", "/config/topics", "/config/clients", "/config/users", "/config/brokers", "/config/ips");

    private KafkaZnodes() {
    }

    public static String agentMark(int brokerId) {
        return AGENT_MARKS + "/" + brokerId;
    }

    public static String broker(int id) {
        return BROKER_IDS + "/" + id;
    }

    public static String topic(String topic) {
        return BROKER_TOPICS + "/" + topic;
    }

    public static String partitions(String topic) {
        return topic(topic) + "/partitions";
    }

    public static String partition(String topic, int partition) {
        return partitions(topic) + "/" + partition;
    }

    public static String partitionState(String topic, int partition) {
        return partition(topic, partition) + "/state";
    }

    public static String partitionState(TopicPartition tp) {
        return partitionState(tp.topic(), tp.partition());
    }

    public static String topicConfig(String topic) {
        return CONFIG_TOPICS + "/" + topic;
    }

    public static String deleteTopic(String topic) {
        return DELETE_TOPICS + "/" + topic;
    }

    public static String controlledShutdown(int broker) {
        return CONTROLLED_SHUTDOWN + "/" + broker;
    }

    public static String consumerGroup(String group) {
        return CONSUMERS + "/" + group;
    }

    /** The members' registrations (EPHEMERAL children). */
    public static String consumerIds(String group) {
        return consumerGroup(group) + "/ids";
    }

    public static String consumerRegistration(String group, String consumerId) {
        return consumerIds(group) + "/" + consumerId;
    }

    /** One child per topic that has had owners. */
    public static String consumerOwners(String group) {
        return consumerGroup(group) + "/owners";
    }

    public static String consumerOwners(String group, String topic) {
        return consumerOwners(group) + "/" + topic;
    }

    /** EPHEMERAL, data {@code <consumerId>-<thread>}. */
    public static String consumerOwner(String group, String topic, int partition) {
        return consumerOwners(group, topic) + "/" + partition;
    }

    /** One child per topic that has committed offsets. */
    public static String consumerOffsets(String group) {
        return consumerGroup(group) + "/offsets";
    }

    public static String consumerOffsets(String group, String topic) {
        return consumerOffsets(group) + "/" + topic;
    }

    /** PERSISTENT, data the decimal offset. */
    public static String consumerOffset(String group, String topic, int partition) {
        return consumerOffsets(group, topic) + "/" + partition;
    }

    /**
     * A consumer id as ZookeeperConsumerConnector makes one: {@code <group>_<consumer.id>} when configured, else
     * {@code <group>_<hostname>-<currentTimeMillis>-<first 8 hex digits of a random UUID's high bits>}.
     *
     * @param configuredId consumer.id, or null
     */
    public static String consumerId(String group, String configuredId) {
        if (configuredId != null) {
            return consumerId(group, configuredId, null, 0, null);
        }
        return consumerId(group, null, hostname(), System.currentTimeMillis(), UUID.randomUUID());
    }

    static String consumerId(String group, String configuredId, String hostname, long millis, UUID uuid) {
        if (configuredId != null) {
            return group + "_" + configuredId;
        }
        // Long.toHexString as Kafka (no leading zeros); a high half below 0x10000000 would have thrown there
        String hex = Long.toHexString(uuid.getMostSignificantBits());
        return group + "_" + hostname + "-" + millis + "-" + hex.substring(0, Math.min(8, hex.length()));
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost"; // Kafka would fail to start; an id only needs to be unique, which the rest ensures
        }
    }

    /** Creates the persistent paths that are missing, parents first, with null data (idempotent). */
    public static void createTopLevelPaths(ZooKeeper zk) throws KeeperException, InterruptedException {
        for (String path : PERSISTENT_PATHS) {
            createRecursive(zk, path);
        }
    }

    static void createRecursive(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
        int from = 1;
        while (from > 0) {
            int slash = path.indexOf('/', from);
            String prefix = slash < 0 ? path : path.substring(0, slash);
            try {
                zk.create(prefix, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException ignored) {
                // made earlier
            }
            from = slash < 0 ? -1 : slash + 1;
        }
    }

    /** Kafka's broker-id generation: bump /brokers/seqid's version with an unconditional setData; id = version + 1000. */
    public static int generateBrokerId(ZooKeeper zk) throws KeeperException, InterruptedException {
        createRecursive(zk, SEQID);
        return zk.setData(SEQID, null, -1).getVersion() + RESERVED_BROKER_MAX_ID;
    }
}
