package io.hakeeper.kafka;

import io.hakeeper.core.election.Term;
import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import io.hakeeper.kafka.PartitionStateWriter.Change;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's partition work (Kafka's KafkaController event loop, ZooKeeper mode), one loop on one thread.
 * When its broker is elected ({@link #activate}) it loads every topic and partition state in bulk, gives leaders to
 * partitions that have none, then follows what happens: brokers coming and going (offline election, ISR shrink),
 * new topics (new-partition election), topic deletion, controlled shutdown requests, reassignments, ISR change
 * notifications, preferred-replica elections (asked for, and periodic when enabled). Every write is fenced by the
 * controller-epoch check and conditional on the znode's version. The constructor does no I/O; {@link #close()} is
 * idempotent.
 */
public final class PartitionController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionController.class);

    /**
     * Told of every partition state ZooKeeper accepted from this controller, with the topic's id (a topic deleted
     * and created again under its name is another topic, whose leader epochs start again at 0).
     */
    public interface Listener {
        void stateWritten(int controllerEpoch, TopicPartition tp, String topicId, PartitionState state);
    }

    /**
     * Kafka's settings: unclean.leader.election.enable (false), auto.leader.rebalance.enable (true),
     * leader.imbalance.check.interval.seconds (300), leader.imbalance.per.broker.percentage (10).
     */
    public record Settings(boolean uncleanLeaderElection, boolean autoLeaderRebalance, Duration rebalanceInterval,
            int imbalancePercent, Duration deadline) {
        public static Settings defaults() {
            return new Settings(false, true, Duration.ofSeconds(300), 10, Duration.ofSeconds(60));
        }

        public Settings withUncleanLeaderElection(boolean on) {
            return new Settings(on, autoLeaderRebalance, rebalanceInterval, imbalancePercent, deadline);
        }

        public Settings withDeadline(Duration d) {
            return new Settings(uncleanLeaderElection, autoLeaderRebalance, rebalanceInterval, imbalancePercent, d);
        }

        public Settings withAutoLeaderRebalance(boolean on) {
            return new Settings(uncleanLeaderElection, on, rebalanceInterval, imbalancePercent, deadline);
        }

        public Settings withRebalanceInterval(Duration every) {
            return new Settings(uncleanLeaderElection, autoLeaderRebalance, every, imbalancePercent, deadline);
        }
    }

    enum Event { BROKERS, TOPICS, DELETIONS, SHUTDOWNS, ISR_CHANGES, REASSIGNMENTS, PREFERRED }

    private final CuratorFramework client;
    private final int brokerId;
    private final Settings settings;
    private final Listener listener;
    private final AgentLoop loop;
    private final Set<Event> pending = EnumSet.noneOf(Event.class);

    // loop thread only
    private ControllerOffice office;
    private PartitionStateLoader.Missing unborn; // partitions still without a state (no live replica yet)
    private long nextRebalanceNanos;
    private volatile long lastLoadMillis = -1;
    private volatile long lastReadMillis = -1;
    private volatile int loadedEpoch = -1;
    private boolean closed;

    public PartitionController(CuratorFramework client, int brokerId, Settings settings, Listener listener) {
        this.client = client;
        this.brokerId = brokerId;
        this.settings = settings;
        this.listener = listener;
        this.loop = new AgentLoop("kafka-partitions-" + brokerId);
    }

    public synchronized PartitionController start() {
        loop.start(this::tick, Duration.ofMillis(500));
        return this;
    }

    /**
     * The broker became controller for {@code term}: load everything and take charge (on the loop thread). The office
     * writes under this term, captured here, so nothing it decides can pass a later term's check.
     */
    public void activate(Term term) {
        int epoch = (int) term.token();
        loop.execute(() -> {
            office = null;
            loadedEpoch = -1;
            try {
                ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
                PartitionStateWriter writer = new PartitionStateWriter(zk, term,
                        (tp, id, s) -> listener.stateWritten(epoch, tp, id, s), settings.deadline());
                office = new ControllerOffice(zk, term, writer, new PartitionStateLoader(zk, settings.deadline()),
                        e -> wake(e.getType() == org.apache.zookeeper.Watcher.Event.EventType.None ? null : eventFor(e.getPath())));
            } catch (Exception e) {
                LOG.warn("broker {}: cannot start the controller's work: {}", brokerId, e.toString());
            }
        });
    }

    /** The broker is no longer controller: stop acting at once. */
    public void deactivate() {
        loop.execute(() -> {
            office = null;
            loadedEpoch = -1;
        });
    }

    /** The epoch whose load finished, or -1 while not loaded. */
    public int loadedEpoch() {
        return loadedEpoch;
    }

    /** How long the last failover load took (reading topics and partition states, then the first elections), or -1. */
    public long lastLoadMillis() {
        return lastLoadMillis;
    }

    /** The reading part of the last failover load: every topic and partition state into memory, or -1. */
    public long lastReadMillis() {
        return lastReadMillis;
    }

    private void wake(Event e) {
        synchronized (pending) {
            if (e != null) {
                pending.add(e);
            }
        }
        loop.wake();
    }

    private static Event eventFor(String path) {
        if (path == null) {
            return null;
        }
        if (path.startsWith(KafkaZnodes.BROKER_IDS)) {
            return Event.BROKERS;
        } else if (path.startsWith(KafkaZnodes.BROKER_TOPICS)) {
            return Event.TOPICS;
        } else if (path.startsWith(KafkaZnodes.DELETE_TOPICS)) {
            return Event.DELETIONS;
        } else if (path.startsWith(KafkaZnodes.CONTROLLED_SHUTDOWN)) {
            return Event.SHUTDOWNS;
        } else if (path.startsWith(KafkaZnodes.ISR_CHANGE_NOTIFICATION)) {
            return Event.ISR_CHANGES;
        } else if (path.startsWith(KafkaZnodes.REASSIGN_PARTITIONS)) {
            return Event.REASSIGNMENTS;
        } else if (path.startsWith(KafkaZnodes.PREFERRED_REPLICA_ELECTION)) {
            return Event.PREFERRED;
        }
        return null;
    }

    private void tick() {
        ControllerOffice o = office;
        if (o == null) {
            return;
        }
        Set<Event> todo;
        synchronized (pending) {
            todo = EnumSet.copyOf(pending.isEmpty() ? EnumSet.noneOf(Event.class) : pending);
            pending.clear();
        }
        try {
            if (loadedEpoch != o.epoch) {
                load(o);
                todo = EnumSet.allOf(Event.class); // every admin path may hold requests made while no one was in charge
            }
            for (Event e : todo) {
                handle(o, e);
                todo.remove(e); // so a failure below re-queues only what is left
            }
            if (settings.autoLeaderRebalance() && System.nanoTime() - nextRebalanceNanos > 0) {
                nextRebalanceNanos = System.nanoTime() + settings.rebalanceInterval().toNanos();
                new PreferredLeaders(o).rebalance(settings.imbalancePercent());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing
        } catch (FencedException e) {
            LOG.warn("broker {}: {}", brokerId, e.getMessage());
            office = null; // the election loop notices and resigns; a new term starts with a fresh load
        } catch (Exception e) {
            LOG.warn("broker {}: controller work failed, will retry: {}", brokerId, e.toString());
            synchronized (pending) {
                pending.addAll(todo);
            }
            loop.later(loop::wake, Duration.ofSeconds(1));
        }
    }

    private void load(ControllerOffice o) throws Exception {
        long start = System.nanoTime();
        o.ctx.clear();
        o.ctx.registered(brokerIds(o));
        List<String> topics = o.zk.getChildren(KafkaZnodes.BROKER_TOPICS, o.wake);
        unborn = o.loader.loadTopics(topics, o.ctx);
        lastReadMillis = (System.nanoTime() - start) / 1_000_000;
        createPartitions(o);
        reconcile(o);
        lastLoadMillis = (System.nanoTime() - start) / 1_000_000;
        loadedEpoch = o.epoch;
        nextRebalanceNanos = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // Kafka's first check: 5 s in
        LOG.info("broker {}: controller epoch {} read {} topics and {} partition states in {} ms; loaded, first"
                + " elections made, in {} ms", brokerId, o.epoch, o.ctx.topics().size(), o.ctx.states().size(), lastReadMillis,
                lastLoadMillis);
    }

    private void handle(ControllerOffice o, Event e) throws Exception {
        switch (e) {
            case BROKERS -> {
                o.ctx.registered(brokerIds(o));
                reconcile(o);
                createPartitions(o); // a partition with no live replica may have one now
                new ControlledShutdowns(o).handle(); // the request of a broker that left is over
            }
            case TOPICS -> {
                Set<String> now = new HashSet<>(o.zk.getChildren(KafkaZnodes.BROKER_TOPICS, o.wake));
                new ArrayList<>(o.ctx.topics().keySet()).stream().filter(t -> !now.contains(t)).forEach(o.ctx::removeTopic);
                now.removeAll(o.ctx.topics().keySet());
                if (!now.isEmpty()) {
                    PartitionStateLoader.Missing more = o.loader.loadTopics(now, o.ctx);
                    unborn.partitionsDirs().addAll(more.partitionsDirs());
                    unborn.partitionNodes().addAll(more.partitionNodes());
                    unborn.states().addAll(more.states());
                    createPartitions(o);
                    reconcile(o);
                }
            }
            case DELETIONS -> new TopicDeletions(o).handle();
            case SHUTDOWNS -> new ControlledShutdowns(o).handle();
            case ISR_CHANGES -> {
                if (new IsrChangeNotifications(o).handle()) {
                    new Reassignments(o).handle(); // a reassignment may be complete now
                }
            }
            case REASSIGNMENTS -> new Reassignments(o).handle();
            case PREFERRED -> new PreferredLeaders(o).handleRequest();
        }
    }

    private Set<Integer> brokerIds(ControllerOffice o) throws KeeperException, InterruptedException {
        Set<Integer> ids = new HashSet<>();
        for (String child : o.zk.getChildren(KafkaZnodes.BROKER_IDS, o.wake)) {
            try {
                ids.add(Integer.parseInt(child));
            } catch (NumberFormatException foreign) {
                LOG.warn("{}/{} is not a broker id: ignored", KafkaZnodes.BROKER_IDS, child);
            }
        }
        return ids;
    }

    /**
     * Partitions whose leader is gone get one, those whose ISR names a gone broker lose it: the partitions that need
     * a leader are written first, so leadership moves before the ISR bookkeeping.
     */
    private void reconcile(ControllerOffice o) throws Exception {
        Set<Integer> up = o.ctx.registered();
        List<TopicPartition> leaderless = new ArrayList<>();
        List<TopicPartition> isrOnly = new ArrayList<>();
        o.ctx.states().forEach((tp, v) -> {
            if (!up.contains(v.state().leader())) {
                leaderless.add(tp);
            } else if (!up.containsAll(v.state().isr())) {
                isrOnly.add(tp);
            }
        });
        Set<TopicPartition> left = new HashSet<>();
        for (List<TopicPartition> scope : List.of(leaderless, isrOnly)) { // leaders first, each round acknowledged on its own
            long start = System.nanoTime();
            left.addAll(o.apply(scope, tp -> StateDecisions.afterBrokerChange(tp, o.ctx, o.epoch, settings.uncleanLeaderElection())));
            if (!scope.isEmpty()) {
                LOG.info("broker {}: {} {} partition states decided and written in {} ms", brokerId, scope.size(),
                        scope == leaderless ? "leaderless" : "ISR-shrink", (System.nanoTime() - start) / 1_000_000);
            }
        }
        if (!left.isEmpty()) {
            LOG.warn("broker {}: {} partition states kept changing under the controller; retrying later", brokerId, left.size());
            wake(Event.BROKERS);
        }
    }

    /** New partitions: their znodes, created with the first live replica leading. */
    private void createPartitions(ControllerOffice o) throws Exception {
        if (unborn == null || unborn.states().isEmpty()) {
            return;
        }
        Set<String> dirsPlanned = new HashSet<>();
        List<Change> changes = new ArrayList<>();
        for (TopicPartition tp : unborn.states().stream().sorted().toList()) {
            List<String> parents = new ArrayList<>();
            boolean makesDir = unborn.partitionsDirs().contains(tp.topic()) && !dirsPlanned.contains(tp.topic());
            if (makesDir) {
                parents.add(KafkaZnodes.partitions(tp.topic()));
            }
            if (unborn.partitionNodes().contains(tp)) {
                parents.add(KafkaZnodes.partition(tp.topic(), tp.partition()));
            }
            var change = StateDecisions.newPartition(tp, o.ctx, o.epoch, parents);
            if (change.isPresent()) { // else no replica is live yet: it is born when one registers
                changes.add(change.get());
                if (makesDir) {
                    dirsPlanned.add(tp.topic());
                }
            }
        }
        Set<TopicPartition> missed = o.writer.write(changes, o.ctx);
        for (Change c : changes) {
            if (!missed.contains(c.tp())) {
                unborn.states().remove(c.tp());
                unborn.partitionNodes().remove(c.tp());
                unborn.partitionsDirs().remove(c.tp().topic());
            }
        }
        if (!missed.isEmpty()) { // someone made some of these znodes meanwhile: read what is there, then try again
            Set<String> topics = new HashSet<>();
            missed.forEach(tp -> topics.add(tp.topic()));
            PartitionStateLoader.Missing again = o.loader.loadTopics(topics, o.ctx);
            unborn.states().removeIf(tp -> topics.contains(tp.topic()) && !again.states().contains(tp));
            wake(Event.BROKERS);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
    }
}
