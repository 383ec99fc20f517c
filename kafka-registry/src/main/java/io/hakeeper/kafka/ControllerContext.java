package io.hakeeper.kafka;

import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import io.hakeeper.kafka.KafkaPayloads.TopicAssignment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the controller knows of the cluster (Kafka's ControllerContext): live brokers, brokers shutting down, each
 * topic's assignment and znode version, and each partition's state with the version of its state znode. Loaded in
 * bulk when the controller takes office and kept current by its own writes and by the changes it is told of; read
 * and written only on the controller's one thread.
 */
final class ControllerContext {
    /** A partition's state and the version of its state znode (Kafka's partition epoch). */
    record Versioned(PartitionState state, int version) {
    }

    /** A topic's assignment and the version of {@code /brokers/topics/<t>}. */
    record Topic(TopicAssignment assignment, int version) {
    }

    private final Map<String, Topic> topics = new HashMap<>();
    private final Map<TopicPartition, Versioned> states = new HashMap<>();
    private final Set<Integer> registered = new HashSet<>();
    private final Set<Integer> shuttingDown = new HashSet<>();

    void clear() {
        topics.clear();
        states.clear();
        registered.clear();
        shuttingDown.clear();
    }

    Set<Integer> registered() {
        return registered;
    }

    void registered(Set<Integer> brokers) {
        registered.clear();
        registered.addAll(brokers);
        shuttingDown.retainAll(brokers);
    }

    Set<Integer> shuttingDown() {
        return shuttingDown;
    }

    /** Brokers a leader may be chosen from: registered and not shutting down (Kafka's liveBrokerIds). */
    Set<Integer> live() {
        Set<Integer> live = new HashSet<>(registered);
        live.removeAll(shuttingDown);
        return live;
    }

    Map<String, Topic> topics() {
        return topics;
    }

    void putTopic(String name, Topic topic) {
        topics.put(name, topic);
    }

    void removeTopic(String name) {
        Topic t = topics.remove(name);
        if (t != null) {
            t.assignment().partitions().keySet().forEach(p -> states.remove(new TopicPartition(name, p)));
        }
    }

    List<Integer> replicas(TopicPartition tp) {
        Topic t = topics.get(tp.topic());
        List<Integer> r = t == null ? null : t.assignment().partitions().get(tp.partition());
        return r == null ? List.of() : r;
    }

    Versioned state(TopicPartition tp) {
        return states.get(tp);
    }

    void putState(TopicPartition tp, Versioned v) {
        states.put(tp, v);
    }

    Map<TopicPartition, Versioned> states() {
        return states;
    }

    /** Every partition of every known topic, whether or not it has a state yet. */
    List<TopicPartition> allPartitions() {
        List<TopicPartition> all = new ArrayList<>();
        topics.forEach((name, t) -> t.assignment().partitions().keySet().forEach(p -> all.add(new TopicPartition(name, p))));
        return all;
    }

    List<TopicPartition> partitionsWhere(Predicate<TopicPartition> test) {
        return allPartitions().stream().filter(test).sorted().toList();
    }

    int leaderOf(TopicPartition tp) {
        Versioned v = states.get(tp);
        return v == null ? -1 : v.state().leader();
    }
}
