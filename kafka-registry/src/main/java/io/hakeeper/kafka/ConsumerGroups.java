package io.hakeeper.kafka;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.BulkReader;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;

/**
 * The read side of the old ZooKeeper consumer's groups (layouts.md §4.5): which groups exist, and per partition its
 * committed offset and owning thread. Corrupt znodes are named in {@code problems} and skipped, never fatal. Also
 * the one reading of a group's membership that every {@link ConsumerGroupMember} rebalances from.
 */
public final class ConsumerGroups {
    /** How long one bulk read may take before we give up on it. */
    static final Duration READ_DEADLINE = Duration.ofSeconds(15);

    private ConsumerGroups() {
    }

    /** One partition of a group: its committed offset and owner thread, each null when there is none. */
    public record Row(String topic, int partition, Long offset, String owner) {
    }

    public record Description(String group, List<String> members, List<Row> rows, List<String> problems) {
    }

    /**
     * What a rebalance is computed from: each readable member's topics to streams (wildcards resolved), and the
     * partition count of every topic any of them consumes.
     */
    record GroupState(Map<String, Map<String, Integer>> subscriptions, Map<String, Integer> partitions, List<String> problems) {
    }

    /** The groups under {@code /consumers}, sorted. */
    public static List<String> list(CuratorFramework client) throws Exception {
        return List.copyOf(new TreeSet<>(children(client, KafkaZnodes.CONSUMERS, null)));
    }

    /**
     * Every partition of every topic a member consumes, and of every topic with committed offsets, sorted by topic
     * then partition.
     *
     * @throws HakeeperException (NOT_FOUND) when the group does not exist
     */
    public static Description describe(CuratorFramework client, String group) throws Exception {
        if (client.checkExists().forPath(KafkaZnodes.consumerGroup(group)) == null) {
            throw new HakeeperException(ExitCode.NOT_FOUND, "no consumer group '" + group + "': "
                    + KafkaZnodes.consumerGroup(group) + " does not exist (`hakeeper kafka consumer-groups --list` shows the groups)");
        }
        GroupState state = read(client, group, null);
        List<String> problems = new ArrayList<>(state.problems());
        TreeSet<String> topics = new TreeSet<>(state.partitions().keySet());
        topics.addAll(children(client, KafkaZnodes.consumerOffsets(group), null));
        Map<String, Integer> counts = new TreeMap<>(state.partitions());
        List<String> unread = topics.stream().filter(t -> !counts.containsKey(t)).toList();
        counts.putAll(partitionCounts(client, unread, null, problems));

        // partitions 0..count-1, and any partition that has an offset or owner (a topic since deleted or shrunk)
        List<Op> listings = new ArrayList<>();
        for (String t : topics) {
            listings.add(Op.getChildren(KafkaZnodes.consumerOffsets(group, t)));
            listings.add(Op.getChildren(KafkaZnodes.consumerOwners(group, t)));
        }
        List<OpResult> listed = bulk(client).read(listings);
        Map<String, TreeSet<Integer>> partitions = new TreeMap<>();
        int i = 0;
        for (String t : topics) {
            TreeSet<Integer> ps = partitions.computeIfAbsent(t, k -> new TreeSet<>());
            for (int p = 0; p < counts.getOrDefault(t, 0); p++) {
                ps.add(p);
            }
            for (int k = 0; k < 2; k++, i++) {
                String dir = listings.get(i).getPath();
                if (listed.get(i) instanceof OpResult.GetChildrenResult r) {
                    for (String child : r.getChildren()) {
                        try {
                            ps.add(Integer.parseInt(child));
                        } catch (NumberFormatException e) {
                            problems.add("znode " + dir + "/" + child + ": not a partition number");
                        }
                    }
                }
            }
        }

        List<Op> reads = new ArrayList<>();
        partitions.forEach((t, ps) -> ps.forEach(p -> {
            reads.add(Op.getData(KafkaZnodes.consumerOffset(group, t, p)));
            reads.add(Op.getData(KafkaZnodes.consumerOwner(group, t, p)));
        }));
        List<OpResult> values = bulk(client).read(reads);
        List<Row> rows = new ArrayList<>();
        i = 0;
        for (Map.Entry<String, TreeSet<Integer>> e : partitions.entrySet()) {
            for (int p : e.getValue()) {
                Long offset = value(reads.get(i).getPath(), values.get(i), ConsumerPayloads::parseOffset, problems);
                String owner = value(reads.get(i + 1).getPath(), values.get(i + 1), ConsumerPayloads::parseOwner, problems);
                rows.add(new Row(e.getKey(), p, offset, owner));
                i += 2;
            }
        }
        return new Description(group, List.copyOf(state.subscriptions().keySet()), rows, problems);
    }

    /**
     * The group as a rebalance sees it. With a {@code watcher}, it is set on the members' list, on each consumed
     * topic, and on the topic list when a wildcard member needs it: whatever could change the assignment.
     */
    static GroupState read(CuratorFramework client, String group, Watcher watcher) throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> ids = new ArrayList<>(new TreeSet<>(children(client, KafkaZnodes.consumerIds(group), watcher)));
        List<Op> reads = ids.stream().map(id -> Op.getData(KafkaZnodes.consumerRegistration(group, id))).toList();
        List<OpResult> results = bulk(client).read(reads);
        Map<String, ConsumerPayloads.Registration> members = new TreeMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (results.get(i) instanceof OpResult.GetDataResult r) { // else gone since the listing: the watch says so
                try {
                    members.put(ids.get(i), ConsumerPayloads.parseRegistration(reads.get(i).getPath(), r.getData()));
                } catch (CorruptZnodeException e) {
                    problems.add(e.getMessage() + " (member skipped)");
                }
            }
        }
        boolean wildcard = members.values().stream().anyMatch(ConsumerPayloads.Registration::isWildcard);
        List<String> allTopics = wildcard ? children(client, KafkaZnodes.BROKER_TOPICS, watcher) : List.of();
        Map<String, Map<String, Integer>> subscriptions = new TreeMap<>();
        TreeSet<String> topics = new TreeSet<>();
        members.forEach((id, r) -> {
            Map<String, Integer> mine = r.topics(allTopics);
            subscriptions.put(id, mine);
            topics.addAll(mine.keySet());
        });
        Map<String, Integer> partitions = partitionCounts(client, topics, watcher, problems);
        return new GroupState(subscriptions, partitions, problems);
    }

    /** Each topic's partition count from {@code /brokers/topics/<t>}; 0 for a topic that does not exist (yet). */
    private static Map<String, Integer> partitionCounts(CuratorFramework client, Collection<String> topics, Watcher watcher,
            List<String> problems) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (String topic : topics) {
            String path = KafkaZnodes.topic(topic);
            int count = 0;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    byte[] data = watcher == null ? client.getData().forPath(path) : client.getData().usingWatcher(watcher).forPath(path);
                    count = KafkaPayloads.parseTopic(path, data).partitions().size();
                    break;
                } catch (CorruptZnodeException e) {
                    problems.add(e.getMessage() + " (topic counted as having no partitions)");
                    break;
                } catch (KeeperException.NoNodeException e) {
                    // watch for its creation; if it was created meanwhile, the exists watch would not fire: read again
                    if (watcher == null || client.checkExists().usingWatcher(watcher).forPath(path) == null) {
                        break;
                    }
                }
            }
            counts.put(topic, count);
        }
        return counts;
    }

    private interface Parser<T> {
        T parse(String path, byte[] data);
    }

    private static <T> T value(String path, OpResult result, Parser<T> parser, List<String> problems) {
        if (!(result instanceof OpResult.GetDataResult r)) {
            return null; // no such znode: no offset committed, or no owner
        }
        try {
            return parser.parse(path, r.getData());
        } catch (CorruptZnodeException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static List<String> children(CuratorFramework client, String path, Watcher watcher) throws Exception {
        try {
            return watcher == null ? client.getChildren().forPath(path) : client.getChildren().usingWatcher(watcher).forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private static BulkReader bulk(CuratorFramework client) throws Exception {
        return new BulkReader(client.getZookeeperClient().getZooKeeper(), READ_DEADLINE);
    }
}
