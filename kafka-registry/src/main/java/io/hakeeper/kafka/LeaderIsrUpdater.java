package io.hakeeper.kafka;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.BulkWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;

/**
 * The partition leader's side of the ISR in ZooKeeper mode (Kafka before 2.7: Partition.updateIsr and
 * ReplicaManager's ISR change propagation): a leader changes its partition's ISR in the state znode, conditional on
 * the version it read and keeping the leader and epochs; the partitions changed are then announced to the controller
 * in {@code /isr_change_notification/isr_change_<seq>} znodes. Kafka wrote the whole set into one znode, which
 * outgrew jute.maxbuffer on large clusters (KAFKA-6469); here each notification holds at most
 * {@link #MAX_NOTIFICATION_BYTES}, and the notifications go out in pipelined multis.
 */
public final class LeaderIsrUpdater {
    /** A quarter of ZooKeeper's 1 MiB jute.maxbuffer: far from the limit whatever the topic names. */
    public static final int MAX_NOTIFICATION_BYTES = 256 * 1024;

    private final CuratorFramework client;
    private final int brokerId;
    private final Set<TopicPartition> changed = new LinkedHashSet<>();

    public LeaderIsrUpdater(CuratorFramework client, int brokerId) {
        this.client = client;
        this.brokerId = brokerId;
    }

    /**
     * Sets the ISR of a partition this broker leads.
     *
     * @throws HakeeperException CONFLICT when this broker is not the leader, or the state changed since it was read
     */
    public synchronized void updateIsr(TopicPartition tp, List<Integer> isr) throws Exception {
        String path = KafkaZnodes.partitionState(tp);
        Stat stat = new Stat();
        KafkaPayloads.PartitionState s = KafkaPayloads.parsePartitionState(path, client.getData().storingStatIn(stat).forPath(path));
        if (s.leader() != brokerId) {
            throw new HakeeperException(ExitCode.CONFLICT, "broker " + brokerId + " does not lead " + tp + " (leader is "
                    + s.leader() + "): only the leader changes the ISR");
        }
        if (!isr.contains(brokerId)) {
            throw HakeeperException.config("the ISR of " + tp + " must include its leader " + brokerId);
        }
        try {
            client.setData().withVersion(stat.getVersion()).forPath(path, KafkaPayloads.partitionState(
                    new KafkaPayloads.PartitionState(s.leader(), s.leaderEpoch(), s.controllerEpoch(), List.copyOf(isr), s.recovering())));
        } catch (KeeperException.BadVersionException moved) {
            throw new HakeeperException(ExitCode.CONFLICT, tp + "'s state changed since it was read (the controller moved"
                    + " it): read it again");
        }
        changed.add(tp);
    }

    /** Announces the partitions changed since the last call; returns how many notification znodes it wrote. */
    public synchronized int propagate(Duration deadline) throws Exception {
        if (changed.isEmpty()) {
            return 0;
        }
        List<byte[]> notifications = chunks(List.copyOf(changed), MAX_NOTIFICATION_BYTES);
        List<Op> ops = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (byte[] n : notifications) {
            ops.add(Op.create(KafkaZnodes.ISR_CHANGE_PREFIX, n, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL));
            sizes.add(n.length);
        }
        new BulkWriter(client.getZookeeperClient().getZooKeeper(), deadline).write(ops, sizes);
        changed.clear();
        return notifications.size();
    }

    /** The partitions as notification payloads, each at most {@code maxBytes}. */
    static List<byte[]> chunks(List<TopicPartition> partitions, int maxBytes) {
        List<byte[]> out = new ArrayList<>();
        List<TopicPartition> current = new ArrayList<>();
        int bytes = 40; // {"version":1,"partitions":[]} and slack
        for (TopicPartition tp : partitions) {
            int size = tp.topic().length() + 40; // {"topic":"..","partition":2147483647}, (names are ASCII: Topic.validate)
            if (!current.isEmpty() && bytes + size > maxBytes) {
                out.add(KafkaAdminPayloads.isrChangeNotification(current));
                current = new ArrayList<>();
                bytes = 40;
            }
            current.add(tp);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(KafkaAdminPayloads.isrChangeNotification(current));
        }
        return out;
    }
}
