package io.hakeeper.kafka;

import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.zk.BulkWriter;
import io.hakeeper.kafka.PartitionStateWriter.Change;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import io.hakeeper.core.error.ZkErrors;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * One controller's term of office: its epoch, its context, and the two ways it writes, both fenced by the
 * controller-epoch check (KAFKA-6082): partition states in bulk ({@link #apply}) and single multis for everything
 * else ({@link #fenced}). A term ends when the broker resigns; the next term starts from a fresh load.
 */
final class ControllerOffice {
    private static final int ATTEMPTS = 5;

    final ZooKeeper zk;
    final int epoch;
    final ControllerContext ctx = new ControllerContext();
    final PartitionStateWriter writer;
    final PartitionStateLoader loader;
    /** Wakes the controller's loop: every watch the controller sets uses it. */
    final Watcher wake;
    private final Supplier<Op> epochCheck;

    ControllerOffice(ZooKeeper zk, int epoch, Supplier<Op> epochCheck, PartitionStateWriter writer, PartitionStateLoader loader,
            Watcher wake) {
        this.zk = zk;
        this.epoch = epoch;
        this.epochCheck = epochCheck;
        this.writer = writer;
        this.loader = loader;
        this.wake = wake;
    }

    /**
     * Decides and writes a change for each partition in {@code scope}; a change that lost a version race is re-read
     * and decided again, a few times.
     *
     * @return the partitions still not written (their znodes kept changing under us)
     */
    Set<TopicPartition> apply(Collection<TopicPartition> scope, Function<TopicPartition, Optional<Change>> decide)
            throws InterruptedException, TimeoutException {
        Collection<TopicPartition> todo = scope;
        for (int attempt = 0; attempt < ATTEMPTS && !todo.isEmpty(); attempt++) {
            List<Change> changes = todo.stream().map(decide).flatMap(Optional::stream).toList();
            Set<TopicPartition> missed = writer.write(changes, ctx);
            if (!missed.isEmpty()) {
                loader.reloadStates(missed, ctx);
            }
            todo = missed;
        }
        return new LinkedHashSet<>(todo);
    }

    /**
     * Many ops in pipelined multis, each behind the controller-epoch check, in order (so children go before their
     * parents when deleting).
     *
     * @return true when every op landed
     * @throws FencedException when the epoch moved on
     */
    boolean fencedBulk(List<Op> ops) throws InterruptedException, TimeoutException {
        BulkWriter.Outcome outcome = writer.bulk().writeGuarded(epochCheck.get(), ops, ops.stream().map(op -> 0).toList());
        if (outcome.fenced()) {
            throw new FencedException("the controller epoch moved on (" + KafkaZnodes.CONTROLLER_EPOCH
                    + " changed): another broker is controller");
        }
        return outcome.landed().cardinality() == ops.size();
    }

    /**
     * {@code ops} in one multi behind the controller-epoch check.
     *
     * @throws FencedException when the epoch moved on (nothing was written)
     * @throws KeeperException the first failing op's error, when one of {@code ops} failed
     */
    List<OpResult> fenced(List<Op> ops) throws KeeperException, InterruptedException {
        List<Op> all = new ArrayList<>(ops.size() + 1);
        all.add(epochCheck.get());
        all.addAll(ops);
        try {
            return zk.multi(all);
        } catch (KeeperException e) {
            if (ZkErrors.firstOpFailed(e.getResults())) {
                throw new FencedException("the controller epoch moved on (" + KafkaZnodes.CONTROLLER_EPOCH
                        + " changed): another broker is controller; nothing was written");
            }
            throw e;
        }
    }
}
