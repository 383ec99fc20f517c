package io.hakeeper.kafka;

import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.election.FencedMulti;
import io.hakeeper.core.election.Term;
import io.hakeeper.core.zk.BulkWriter;
import io.hakeeper.kafka.PartitionStateWriter.Change;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * One controller's term of office: its term, its context, and the two ways it writes, both fenced by that term's
 * controller-epoch check (KAFKA-6082), captured when the term began and never read again: partition states in bulk
 * ({@link #apply}) and single multis for everything else ({@link #fenced}). A term ends when the broker resigns; the
 * next term gets a new office from a fresh load, and a tick of this one still running can only fail.
 */
final class ControllerOffice {
    private static final int ATTEMPTS = 5;

    final ZooKeeper zk;
    final int epoch;
    final Term term;
    final ControllerContext ctx = new ControllerContext();
    final PartitionStateWriter writer;
    final PartitionStateLoader loader;
    /** Wakes the controller's loop: every watch the controller sets uses it. */
    final Watcher wake;

    ControllerOffice(ZooKeeper zk, Term term, PartitionStateWriter writer, PartitionStateLoader loader, Watcher wake) {
        this.zk = zk;
        this.term = term;
        this.epoch = (int) term.token();
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
        BulkWriter.Outcome outcome = writer.bulk().writeGuarded(term.check(), ops, ops.stream().map(op -> 0).toList());
        if (outcome.fenced()) {
            throw FencedMulti.fenced(term);
        }
        return outcome.landed().cardinality() == ops.size();
    }

    /**
     * {@code ops} in one multi under this office's term (see {@link FencedMulti}).
     *
     * @throws FencedException when a later term began (nothing was written)
     * @throws io.hakeeper.core.election.OutcomeUnknownException when the reply was lost
     * @throws KeeperException the first failing op's error, when one of {@code ops} failed
     */
    List<OpResult> fenced(List<Op> ops) throws KeeperException, InterruptedException {
        return FencedMulti.write(zk, term, ops);
    }
}
