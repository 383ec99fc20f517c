package io.hakeeper.kafka;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.AgentLoop;
import io.hakeeper.core.util.Throttle;
import io.hakeeper.core.zk.CheckedEphemeral;
import io.hakeeper.core.zk.SessionTracker;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One member of an old ZooKeeper consumer group (Kafka 0.8–0.10's ZookeeperConsumerConnector, layouts.md §4.5).
 * It holds {@code /consumers/<group>/ids/<consumerId>} as a checked ephemeral, registered again in every new session,
 * and rebalances as ZKRebalancerListener does whenever the members, a consumed topic's partitions or its own session
 * change: read every member's subscription, compute the whole assignment, release its owner znodes and claim its
 * own share as ephemerals. An owner znode another member has not released yet means that member has not caught up:
 * release what we claimed, back off ({@code rebalance.backoff.ms}) and try again; after
 * {@code rebalance.max.retries} attempts it says so and keeps trying. All on one loop thread; the constructor does no
 * I/O; {@link #start()} once; {@link #close()} releases everything and is idempotent.
 */
public final class ConsumerGroupMember implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroupMember.class);
    /** The longest one batch of owner writes or reads may take. */
    private static final Duration OP_DEADLINE = Duration.ofSeconds(15);

    /** partition.assignment.strategy. */
    public enum Strategy {
        RANGE, ROUNDROBIN;

        Map<TopicPartition, String> assign(Map<String, Map<String, Integer>> subscriptions, Map<String, Integer> partitions) {
            return this == RANGE ? ConsumerAssignment.range(subscriptions, partitions)
                    : ConsumerAssignment.roundRobin(subscriptions, partitions);
        }

        /** Kafka's names for them: {@code range}, {@code roundrobin}. */
        public static Strategy of(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "range" -> RANGE;
                case "roundrobin" -> ROUNDROBIN;
                default -> throw HakeeperException.config("partition.assignment.strategy '" + name + "': range or roundrobin");
            };
        }
    }

    /** rebalance.backoff.ms and rebalance.max.retries. */
    public record Tuning(Duration backoff, int maxRetries) {
        public static final Tuning KAFKA_DEFAULTS = new Tuning(Duration.ofMillis(2000), 4);
    }

    /** Told on the member's thread, in order; must not block for long. */
    public interface Listener {
        /** Our share (possibly empty) after a rebalance, once every owner znode of it is ours. */
        void assigned(Map<TopicPartition, String> owned);

        /** We are about to release what we own, or have lost it with our session: stop consuming it. */
        default void revoked(Map<TopicPartition, String> owned) {
        }
    }

    /** What the last successful rebalance was computed from. */
    private record Inputs(Map<String, Map<String, Integer>> subscriptions, Map<String, Integer> partitions) {
    }

    private final CuratorFramework client;
    private final String group;
    private final String consumerId;
    private final Map<String, Integer> subscription;
    private final Strategy strategy;
    private final Tuning tuning;
    private final Listener listener;
    private final CheckedEphemeral node;
    private final PartitionOwnership ownership;
    private final SessionTracker session;
    private final AgentLoop loop;
    private final AtomicBoolean rebalanceWanted = new AtomicBoolean();
    private final Watcher changed = this::changed;

    // the loop thread's own state
    private long registeredSession = -1;
    private Inputs applied;
    /**
     * Every partition whose owner znode our session may hold: claimed or being claimed, not yet released. Wider
     * than {@link #owned} after a failed claim or release, and what must go before others can take them.
     */
    private final Set<TopicPartition> held = new HashSet<>();
    private int attempts;
    private long notBeforeNanos;
    private final Throttle refusalLog = new Throttle(Duration.ofMinutes(1));
    private final Set<String> reported = new HashSet<>();
    private volatile Map<TopicPartition, String> owned = Map.of();
    private boolean closed;

    public ConsumerGroupMember(CuratorFramework client, String group, String consumerId, Map<String, Integer> subscription,
            Strategy strategy, Listener listener) {
        this(client, group, consumerId, subscription, strategy, Tuning.KAFKA_DEFAULTS, listener);
    }

    /**
     * @param consumerId   as {@link KafkaZnodes#consumerId} makes one
     * @param subscription topic to number of streams (threads {@code <consumerId>-0 .. n-1})
     */
    public ConsumerGroupMember(CuratorFramework client, String group, String consumerId, Map<String, Integer> subscription,
            Strategy strategy, Tuning tuning, Listener listener) {
        for (String name : new String[] {group, consumerId}) {
            if (name == null || name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("not a usable group or consumer id: '" + name + "'");
            }
        }
        if (subscription.isEmpty()) {
            throw new IllegalArgumentException("consumer " + consumerId + " subscribes to nothing");
        }
        this.subscription = Collections.unmodifiableMap(new TreeMap<>(subscription));
        ConsumerPayloads.registration(this.subscription, 0); // refuses illegal topics and stream counts now, not in the loop
        this.client = client;
        this.group = group;
        this.consumerId = consumerId;
        this.strategy = strategy;
        this.tuning = tuning;
        this.listener = listener;
        this.node = new CheckedEphemeral(client, KafkaZnodes.consumerRegistration(group, consumerId),
                () -> ConsumerPayloads.registration(this.subscription, System.currentTimeMillis()));
        this.ownership = new PartitionOwnership(client, group, OP_DEADLINE);
        this.session = new SessionTracker(client, Duration.ofMillis(200));
        this.loop = new AgentLoop("consumer-" + consumerId);
    }

    public synchronized ConsumerGroupMember start() {
        session.start(); // a second start() fails here
        loop.start(this::tick, Duration.ofMillis(100));
        return this;
    }

    public String consumerId() {
        return consumerId;
    }

    /** The partitions we own now, each with the thread ({@code <consumerId>-<n>}) that owns it. */
    public Map<TopicPartition, String> owned() {
        return owned;
    }

    /**
     * Writes {@code offset} to {@code /consumers/<group>/offsets/<topic>/<partition>}, creating it (and its parents)
     * when missing, as Kafka's updatePersistentPath. Kafka's consumer commits only what it consumed, so for the
     * partitions it owns; which ones is the caller's choice.
     */
    public void commitOffset(String topic, int partition, long offset) throws Exception {
        String path = KafkaZnodes.consumerOffset(group, topic, partition);
        byte[] data = ConsumerPayloads.offset(offset);
        for (int attempt = 0; ; attempt++) {
            try {
                client.setData().forPath(path, data);
                return;
            } catch (KeeperException.NoNodeException e) {
                if (attempt > 0) {
                    throw e;
                }
                // persistent with null data, the open ACL, as Kafka makes the parents (a setData follows anyway)
                KafkaZnodes.createRecursive(client.getZookeeperClient().getZooKeeper(), path);
            }
        }
    }

    /** The committed offset, empty when none was committed. */
    public OptionalLong committedOffset(String topic, int partition) throws Exception {
        String path = KafkaZnodes.consumerOffset(group, topic, partition);
        try {
            return OptionalLong.of(ConsumerPayloads.parseOffset(path, client.getData().forPath(path)));
        } catch (KeeperException.NoNodeException e) {
            return OptionalLong.empty();
        }
    }

    /** A watch on a znode that could change the assignment fired; connection events (type None) are the session's. */
    private void changed(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            rebalanceWanted.set(true);
            loop.wake();
        }
    }

    private void tick() {
        if (!session.isConnected()) {
            return;
        }
        if (session.liveSessionId() != registeredSession && !register()) {
            return;
        }
        if (!rebalanceWanted.get() || System.nanoTime() - notBeforeNanos < 0) {
            return;
        }
        rebalanceWanted.set(false);
        try {
            if (rebalance()) {
                attempts = 0;
            } else {
                retryLater("an owner znode of our share is still held by a member that has not released it yet");
            }
        } catch (Exception e) {
            retryLater(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /**
     * In a new session (the old one's registration and owner znodes are gone with it), or when our registration
     * vanished. False: try again next tick.
     */
    private boolean register() {
        drop("registering again");
        try {
            KafkaZnodes.createRecursive(client.getZookeeperClient().getZooKeeper(), KafkaZnodes.consumerIds(group));
            registeredSession = node.register();
        } catch (HakeeperException e) {
            if (refusalLog.ready()) {
                LOG.error("consumer {}: {}", consumerId, e.getMessage()); // our id is another live member's
            }
            return false;
        } catch (Exception e) {
            LOG.warn("consumer {}: could not register ({}); will retry", consumerId, e.toString());
            return false;
        }
        applied = null; // whatever we held went with the old session: claim again even if nothing else changed
        attempts = 0;
        notBeforeNanos = System.nanoTime();
        rebalanceWanted.set(true);
        LOG.info("consumer {}: registered in group {} (session 0x{})", consumerId, group, Long.toHexString(registeredSession));
        return true;
    }

    /** @return false when the claim collided with another member's owner znode */
    private boolean rebalance() throws Exception {
        ConsumerGroups.GroupState state = ConsumerGroups.read(client, group, changed);
        for (String problem : state.problems()) {
            if (reported.add(problem)) {
                LOG.warn("consumer {}: {}", consumerId, problem);
            }
        }
        if (!state.subscriptions().containsKey(consumerId)) {
            // our registration is gone (deleted by hand, or the session is ending): register again first
            LOG.warn("consumer {}: {} is missing; registering again", consumerId, node.path());
            registeredSession = -1;
            rebalanceWanted.set(true);
            loop.wake();
            return true;
        }
        Inputs inputs = new Inputs(state.subscriptions(), state.partitions());
        if (inputs.equals(applied)) {
            return true; // e.g. a topic's replicas moved, or a member came back with the same subscription
        }
        Map<TopicPartition, String> share = new LinkedHashMap<>();
        strategy.assign(state.subscriptions(), state.partitions()).entrySet().stream()
                .filter(e -> isOurs(e.getValue()))
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)))
                .forEach(e -> share.put(e.getKey(), e.getValue()));
        drop("rebalancing");
        applied = null; // from here on we may hold nothing: the same inputs again must not be skipped
        release(share.keySet()); // and any of the new share an interrupted attempt left behind
        held.addAll(share.keySet());
        if (!ownership.claim(share)) {
            release(share.keySet());
            return false;
        }
        owned = Collections.unmodifiableMap(share);
        applied = inputs;
        LOG.info("consumer {}: rebalanced group {} ({} members, {}): owns {}", consumerId, group,
                state.subscriptions().size(), strategy.name().toLowerCase(java.util.Locale.ROOT), share.keySet());
        notify(() -> listener.assigned(owned));
        return true;
    }

    /** Releases what we hold, plus {@code also}; {@link #held} forgets them only once that has succeeded. */
    private void release(Set<TopicPartition> also) throws Exception {
        Set<TopicPartition> all = new HashSet<>(held);
        all.addAll(also);
        ownership.release(all);
        held.clear();
    }

    private boolean isOurs(String threadId) {
        int dash = threadId.lastIndexOf('-');
        return dash > 0 && threadId.substring(0, dash).equals(consumerId);
    }

    /** Forget what we own (telling the listener first); the znodes are released by the caller or gone with the session. */
    private void drop(String why) {
        Map<TopicPartition, String> was = owned;
        if (!was.isEmpty()) {
            LOG.info("consumer {}: giving up {} partitions: {}", consumerId, was.size(), why);
            notify(() -> listener.revoked(was));
            owned = Map.of();
        }
    }

    private void retryLater(String why) {
        attempts++;
        rebalanceWanted.set(true);
        notBeforeNanos = System.nanoTime() + tuning.backoff().toNanos();
        loop.later(this::tick, tuning.backoff());
        if (attempts >= tuning.maxRetries()) {
            LOG.warn("consumer {}: rebalance failed {} times in a row ({}); still trying every {} ms", consumerId, attempts,
                    why, tuning.backoff().toMillis());
            attempts = 0;
        } else {
            LOG.info("consumer {}: rebalance attempt {} of {} failed ({}); retrying in {} ms", consumerId, attempts,
                    tuning.maxRetries(), why, tuning.backoff().toMillis());
        }
    }

    private void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.error("consumer {}: the listener failed: {}", consumerId, e.toString(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        drop("closing");
        try {
            release(Set.of());
            node.unregister();
        } catch (Exception e) {
            LOG.debug("consumer {}: cleanup on close: {}", consumerId, e.toString()); // the session's end removes them
        }
        session.close();
    }
}
