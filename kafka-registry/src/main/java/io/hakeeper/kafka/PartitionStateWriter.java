package io.hakeeper.kafka;

import io.hakeeper.core.election.Term;
import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.zk.BulkWriter;
import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Writes partition states for the controller, many at a time (docs/ARCHITECTURE.md): each change is a setData at the
 * version the controller last saw (or, for a new partition, the creates of its znodes), in multis that each begin
 * with the controller-epoch check, pipelined. A change that lost a version race (a leader changed the ISR
 * meanwhile) comes back for the caller to re-read and decide again; a failed epoch check means another controller
 * took office, and nothing more is written.
 */
final class PartitionStateWriter {
    /**
     * Partition states are ~80 bytes: 1000 to a multi is ~100 KB, well under jute.maxbuffer, and each multi is one
     * proposal (one log write) on the quorum, which is what bounds a bulk re-election.
     */
    static final int OPS_PER_MULTI = 1000;

    /** One partition's new state; {@code expectedVersion} -1 creates it, after {@code parents} (created first). */
    record Change(TopicPartition tp, PartitionState state, int expectedVersion, List<String> parents) {
        static Change update(TopicPartition tp, PartitionState state, int expectedVersion) {
            return new Change(tp, state, expectedVersion, List.of());
        }
    }

    /** Told of every state ZooKeeper accepted, with the controller epoch it was written in. */
    interface Listener {
        void written(TopicPartition tp, String topicId, PartitionState state);
    }

    private final ZooKeeper zk;
    private final Term term;
    private final Listener listener;
    private final BulkWriter writer;

    /** @param term the controller's term these states are decided in: every multi is headed by its check */
    PartitionStateWriter(ZooKeeper zk, Term term, Listener listener, Duration deadline) {
        this.zk = zk;
        this.term = term;
        this.listener = listener;
        this.writer = new BulkWriter(zk, BulkWriter.DEFAULT_BATCH_BYTES, OPS_PER_MULTI, 8, deadline);
    }

    /** The pipelined writer under this one, for the controller's other bulk writes (deleting topics). */
    BulkWriter bulk() {
        return writer;
    }

    /**
     * Writes the changes (in the order given: put the urgent ones first) and records the landed ones in {@code ctx}.
     *
     * @return the partitions whose change did not land
     * @throws FencedException when the controller epoch moved on: this controller must stop
     */
    Set<TopicPartition> write(List<Change> changes, ControllerContext ctx) throws InterruptedException, TimeoutException {
        if (changes.isEmpty()) {
            return Set.of();
        }
        List<Op> ops = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int[] lastOp = new int[changes.size()];
        int[] firstOp = new int[changes.size()];
        List<byte[]> payloads = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            byte[] data = KafkaPayloads.partitionState(c.state());
            payloads.add(data);
            firstOp[i] = ops.size();
            for (String parent : c.parents()) {
                ops.add(Op.create(parent, null, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
                sizes.add(0);
            }
            String path = KafkaZnodes.partitionState(c.tp());
            ops.add(c.expectedVersion() < 0 ? Op.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)
                    : Op.setData(path, data, c.expectedVersion()));
            sizes.add(data.length);
            lastOp[i] = ops.size();
        }
        BulkWriter.Outcome outcome = writer.writeGuarded(term.check(), ops, sizes);
        Set<TopicPartition> missed = new LinkedHashSet<>();
        BitSet landed = outcome.landed();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (landed.nextClearBit(firstOp[i]) >= lastOp[i]) {
                ctx.putState(c.tp(), new ControllerContext.Versioned(c.state(), c.expectedVersion() + 1));
                ControllerContext.Topic topic = ctx.topics().get(c.tp().topic());
                listener.written(c.tp(), topic == null ? null : topic.assignment().topicId(), c.state());
            } else {
                missed.add(c.tp());
            }
        }
        if (outcome.fenced()) {
            throw new FencedException("the controller epoch moved on (" + KafkaZnodes.CONTROLLER_EPOCH
                    + " changed): another broker is controller; " + missed.size() + " partition state writes not made");
        }
        return missed;
    }
}
