package io.hakeeper.kafka;

/** A topic's partition, ordered by topic then partition number. */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {
    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    /**
     * Not the record's default (31 * topic hash + partition): with topics named alike ("bench-1", "bench-2") that
     * sends thousands of partitions to one hash bucket, and the controller's maps hold every partition.
     */
    @Override
    public int hashCode() {
        int h = topic.hashCode() * 0x9E3779B9 + partition;
        return h ^ (h >>> 16);
    }

    /** Kafka's TopicAndPartition.toString, whose hash orders the RoundRobin assignor. */
    @Override
    public String toString() {
        return "[" + topic + "," + partition + "]";
    }
}
