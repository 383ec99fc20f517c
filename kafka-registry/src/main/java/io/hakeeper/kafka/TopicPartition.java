package io.hakeeper.kafka;

/** A topic's partition, ordered by topic then partition number. */
public record TopicPartition(String topic, int partition) implements Comparable<TopicPartition> {
    @Override
    public int compareTo(TopicPartition o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    /** Kafka's TopicAndPartition.toString, whose hash orders the RoundRobin assignor. */
    @Override
    public String toString() {
        return "[" + topic + "," + partition + "]";
    }
}
