package io.hakeeper.kafka;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.BulkReader;
import io.hakeeper.core.zk.BulkWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * A member's owner znodes {@code /consumers/<group>/owners/<topic>/<partition>}: claimed as ephemerals of its session
 * in {@code multi}s (a share of a few thousand partitions is a few round trips, not thousands), released by deleting
 * those our session holds. Everything under /consumers gets the open ACL, as Kafka gives it (ZkData.defaultAcls):
 * every member of a group, whatever its credentials, creates parents and writes offsets there.
 */
final class PartitionOwnership {
    private final CuratorFramework client;
    private final String group;
    private final Duration deadline;

    PartitionOwnership(CuratorFramework client, String group, Duration deadline) {
        this.client = client;
        this.group = group;
        this.deadline = deadline;
    }

    /**
     * Creates an owner znode per partition, data the thread id.
     *
     * @return false when another member still owns one of them (it has not released yet); some of ours may have been
     *         created in another batch, which {@link #release} cleans up
     */
    boolean claim(Map<TopicPartition, String> share) throws Exception {
        if (share.isEmpty()) {
            return true;
        }
        List<Op> ops = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        share.forEach((tp, thread) -> {
            byte[] data = ConsumerPayloads.owner(thread);
            ops.add(Op.create(KafkaZnodes.consumerOwner(group, tp.topic(), tp.partition()), data,
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
            sizes.add(data.length);
        });
        for (int attempt = 0; ; attempt++) {
            try {
                new BulkWriter(zk(), deadline).write(ops, sizes);
                return true;
            } catch (HakeeperException e) {
                KeeperException.Code code = e.getCause() instanceof KeeperException ke ? ke.code() : null;
                if (code == KeeperException.Code.NODEEXISTS) {
                    return false;
                }
                if (code != KeeperException.Code.NONODE || attempt > 0) {
                    throw e;
                }
                // the first claim on a topic (or the group was deleted): make the parents, as Kafka's
                // createEphemeralPathExpectConflict does on NoNode, and try once more
                for (String topic : new TreeSet<>(share.keySet().stream().map(TopicPartition::topic).toList())) {
                    KafkaZnodes.createRecursive(zk(), KafkaZnodes.consumerOwners(group, topic));
                }
            }
        }
    }

    /** Deletes those of these partitions' owner znodes that the current session holds; others are left alone. */
    void release(Collection<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return;
        }
        ZooKeeper zk = zk();
        long session = zk.getSessionId();
        List<Op> reads = partitions.stream().map(tp -> Op.getData(KafkaZnodes.consumerOwner(group, tp.topic(), tp.partition()))).toList();
        List<OpResult> results = new BulkReader(zk, deadline).read(reads);
        List<Op> deletes = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            if (results.get(i) instanceof OpResult.GetDataResult r && r.getStat().getEphemeralOwner() == session) {
                deletes.add(Op.delete(reads.get(i).getPath(), r.getStat().getVersion()));
            }
        }
        new BulkWriter(zk, deadline).write(deletes, deletes.stream().map(d -> 0).toList());
    }

    private ZooKeeper zk() throws Exception {
        return client.getZookeeperClient().getZooKeeper();
    }
}
