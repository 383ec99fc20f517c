package io.hakeeper.kafka;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.BulkReader;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;

/**
 * Topic administration as Kafka's AdminZkClient does it in ZooKeeper mode: create writes the topic's config and its
 * replica assignment (Kafka's placement, rack-aware when the brokers have racks) and leaves the partitions to the
 * controller; delete files {@code /admin/delete_topics/<t>} for the controller; describe reads the assignment and
 * every partition state in bulk.
 */
public final class TopicAdmin {
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_NAME = 249;

    private final CuratorFramework client;

    public TopicAdmin(CuratorFramework client) {
        this.client = client;
    }

    /** One partition as described: replicas, and the state (null before the controller made it). */
    public record PartitionInfo(int partition, List<Integer> replicas, KafkaPayloads.PartitionState state) {
    }

    public record TopicInfo(String name, String topicId, List<PartitionInfo> partitions, Map<String, String> config,
            boolean markedForDeletion) {
    }

    /**
     * Creates the topic with Kafka's replica placement over the registered brokers.
     *
     * @param rackAware false to place without racks (Kafka's --disable-rack-aware)
     * @return the assignment written
     */
    public Map<Integer, List<Integer>> create(String topic, int partitions, int replicationFactor, Map<String, String> config,
            boolean rackAware) throws Exception {
        validateName(topic);
        List<ReplicaAssignment.BrokerRack> brokers = new ArrayList<>();
        for (String child : client.getChildren().forPath(KafkaZnodes.BROKER_IDS)) {
            String path = KafkaZnodes.broker(Integer.parseInt(child));
            try {
                KafkaPayloads.BrokerRegistration b = KafkaPayloads.parseBroker(path, client.getData().forPath(path));
                brokers.add(new ReplicaAssignment.BrokerRack(b.id(), rackAware ? b.rack() : null));
            } catch (KeeperException.NoNodeException gone) {
                // left meanwhile
            }
        }
        Map<Integer, List<Integer>> assignment = ReplicaAssignment.assign(partitions, replicationFactor, brokers, new Random());
        create(topic, assignment, config);
        return assignment;
    }

    /** Creates the topic with the given assignment (Kafka's --replica-assignment). */
    public void create(String topic, Map<Integer, List<Integer>> assignment, Map<String, String> config) throws Exception {
        validateName(topic);
        if (client.checkExists().forPath(KafkaZnodes.deleteTopic(topic)) != null) {
            throw new HakeeperException(ExitCode.CONFLICT, "Topic '" + topic + "' is marked for deletion: wait until the"
                    + " controller has deleted it, then create it again");
        }
        try {
            client.transaction().forOperations(
                    client.transactionOp().create().forPath(KafkaZnodes.topicConfig(topic), KafkaAdminPayloads.topicConfig(config)),
                    client.transactionOp().create().forPath(KafkaZnodes.topic(topic),
                            KafkaPayloads.topic(new KafkaPayloads.TopicAssignment(assignment, newTopicId()))));
        } catch (KeeperException.NodeExistsException e) {
            throw new HakeeperException(ExitCode.CONFLICT, "Topic '" + topic + "' already exists.");
        } catch (KeeperException.NoNodeException e) {
            throw new HakeeperException(ExitCode.NOT_FOUND, "no Kafka cluster here (" + KafkaZnodes.BROKER_TOPICS + " or "
                    + KafkaZnodes.CONFIG_TOPICS + " is missing): check --connect and its chroot, or start a broker first");
        }
    }

    /** Files the deletion; the controller deletes the topic's znodes. */
    public void delete(String topic) throws Exception {
        if (client.checkExists().forPath(KafkaZnodes.topic(topic)) == null) {
            throw new HakeeperException(ExitCode.NOT_FOUND, "Topic '" + topic + "' does not exist as expected");
        }
        try {
            client.create().creatingParentsIfNeeded().forPath(KafkaZnodes.deleteTopic(topic), null);
        } catch (KeeperException.NodeExistsException already) {
            // Kafka: "Topic t is already marked for deletion."
        }
    }

    public List<String> list() throws Exception {
        try {
            return client.getChildren().forPath(KafkaZnodes.BROKER_TOPICS).stream().sorted().toList();
        } catch (KeeperException.NoNodeException none) {
            return List.of();
        }
    }

    /** Topics with their partitions' replicas and states, read in bulk. */
    public List<TopicInfo> describe(List<String> topics) throws Exception {
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        BulkReader reader = new BulkReader(zk, Duration.ofSeconds(60));
        BulkReader topicReader = new BulkReader(zk, 2, 16, Duration.ofSeconds(60)); // one topic to a multi: see PartitionStateLoader
        List<String> markedForDeletion;
        try {
            markedForDeletion = client.getChildren().forPath(KafkaZnodes.DELETE_TOPICS);
        } catch (KeeperException.NoNodeException none) {
            markedForDeletion = List.of();
        }
        List<Op> ops = new ArrayList<>();
        for (String t : topics) {
            ops.add(Op.getData(KafkaZnodes.topic(t)));
            ops.add(Op.getData(KafkaZnodes.topicConfig(t)));
        }
        List<OpResult> first = topicReader.read(ops);
        List<TopicInfo> out = new ArrayList<>();
        for (int i = 0; i < topics.size(); i++) {
            String t = topics.get(i);
            if (!(first.get(2 * i) instanceof OpResult.GetDataResult data)) {
                throw new HakeeperException(ExitCode.NOT_FOUND, "Topic '" + t + "' does not exist as expected");
            }
            KafkaPayloads.TopicAssignment a = KafkaPayloads.parseTopic(KafkaZnodes.topic(t), data.getData());
            Map<String, String> config = first.get(2 * i + 1) instanceof OpResult.GetDataResult c
                    ? KafkaAdminPayloads.parseTopicConfig(KafkaZnodes.topicConfig(t), c.getData()) : Map.of();
            boolean deleting = markedForDeletion.contains(t);
            List<Integer> ids = a.partitions().keySet().stream().sorted().toList();
            List<OpResult> states = reader.read(ids.stream().map(p -> (Op) Op.getData(KafkaZnodes.partitionState(t, p))).toList());
            List<PartitionInfo> parts = new ArrayList<>();
            for (int j = 0; j < ids.size(); j++) {
                KafkaPayloads.PartitionState s = null;
                if (states.get(j) instanceof OpResult.GetDataResult sd) {
                    try {
                        s = KafkaPayloads.parsePartitionState(KafkaZnodes.partitionState(t, ids.get(j)), sd.getData());
                    } catch (CorruptZnodeException e) {
                        s = null; // shown as no state; `zk get` names the problem
                    }
                }
                parts.add(new PartitionInfo(ids.get(j), a.partitions().get(ids.get(j)), s));
            }
            out.add(new TopicInfo(t, a.topicId(), parts, config, deleting));
        }
        return out;
    }

    /** Kafka's Topic.validate. */
    public static void validateName(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw HakeeperException.config("Topic name is illegal, it can't be empty");
        }
        if (topic.equals(".") || topic.equals("..")) {
            throw HakeeperException.config("Topic name cannot be \".\" or \"..\"");
        }
        if (topic.length() > MAX_NAME) {
            throw HakeeperException.config("Topic name is illegal, it can't be longer than " + MAX_NAME + " characters, topic name: " + topic);
        }
        if (!LEGAL.matcher(topic).matches()) {
            throw HakeeperException.config("Topic name \"" + topic + "\" is illegal, it contains a character other than"
                    + " ASCII alphanumerics, '.', '_' and '-'");
        }
    }

    /** Kafka's Uuid.randomUuid().toString(): 16 random bytes, URL-safe base64 without padding, never starting '-'. */
    static String newTopicId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
