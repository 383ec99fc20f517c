package io.hakeeper.cli;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.kafka.TopicAdmin;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hakeeper kafka topics}: Kafka's {@code kafka-topics.sh --zookeeper}, with its flags and its describe
 * output. Create writes the config and the assignment (Kafka's placement, rack-aware when brokers have racks) and the
 * controller makes the partitions; delete marks the topic for the controller to delete.
 */
@Command(name = "topics", description = "Create, list, describe or delete topics (Kafka's kafka-topics flags).",
        footer = {"%nExit codes: 0 done; 3 (CONFIG) bad name, partitions, replication factor or racks; 7 (NOT_FOUND) no"
                + " such topic; 8 (CONFLICT) the topic exists or is being deleted."})
final class KafkaTopicsCommand implements Callable<Integer> {
    static final class Action {
        @Option(names = "--create", required = true) boolean create;
        @Option(names = "--list", required = true) boolean list;
        @Option(names = "--describe", required = true) boolean describe;
        @Option(names = "--delete", required = true) boolean delete;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Action action;
    @Option(names = "--topic", paramLabel = "T") String topic;
    @Option(names = "--partitions", paramLabel = "P") Integer partitions;
    @Option(names = "--replication-factor", paramLabel = "R") Integer replicationFactor;
    @Option(names = "--replica-assignment", paramLabel = "B1:B2,B3:B4",
            description = "Replicas per partition, partitions separated by commas (instead of --partitions/--replication-factor).")
    String replicaAssignment;
    @Option(names = "--config", paramLabel = "K=V", description = "A topic config, repeatable.") Map<String, String> config = new LinkedHashMap<>();
    @Option(names = "--disable-rack-aware", description = "Place replicas without regard to racks.") boolean disableRackAware;
    @Mixin ZkOptions zk;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if ((action.create || action.delete) && topic == null) {
            throw new ParameterException(spec.commandLine(), "--create and --delete need --topic T");
        }
        if (action.create) {
            checkBeforeCreating(); // what is wrong on the command line is said before anything is read or written
        }
        try (CuratorFramework client = zk.settings().connect()) {
            TopicAdmin admin = new TopicAdmin(client);
            if (action.list) {
                admin.list().forEach(out::println);
            } else if (action.create) {
                create(admin);
                out.println("Created topic " + topic + ".");
            } else if (action.delete) {
                admin.delete(topic);
                out.println("Topic " + topic + " is marked for deletion.");
            } else {
                describe(out, admin.describe(topic == null ? admin.list() : List.of(topic)));
            }
            return 0;
        }
    }

    private void checkBeforeCreating() {
        try {
            TopicAdmin.validateName(topic);
        } catch (HakeeperException e) {
            throw new ParameterException(spec.commandLine(), "--topic: " + e.getMessage());
        }
        if (partitions != null && partitions < 1) {
            throw new ParameterException(spec.commandLine(), "--partitions " + partitions + ": a topic needs at least 1 partition");
        }
        if (replicationFactor != null && replicationFactor < 1) {
            throw new ParameterException(spec.commandLine(), "--replication-factor " + replicationFactor
                    + ": a topic needs at least 1 replica per partition");
        }
    }

    private void create(TopicAdmin admin) throws Exception {
        if (replicaAssignment != null) {
            Map<Integer, List<Integer>> assignment = new TreeMap<>();
            String[] parts = replicaAssignment.split(",");
            try {
                for (int p = 0; p < parts.length; p++) {
                    assignment.put(p, java.util.Arrays.stream(parts[p].split(":")).map(String::trim).map(Integer::parseInt).toList());
                }
            } catch (NumberFormatException e) {
                throw HakeeperException.config("--replica-assignment '" + replicaAssignment + "' is not broker ids like 1:2,2:3");
            }
            admin.create(topic, assignment, config);
            return;
        }
        if (partitions == null || replicationFactor == null) {
            throw new ParameterException(spec.commandLine(), "--create needs --partitions and --replication-factor (or --replica-assignment)");
        }
        admin.create(topic, partitions, replicationFactor, config, !disableRackAware);
    }

    /** Kafka's TopicCommand describe lines. */
    static void describe(PrintWriter out, List<TopicAdmin.TopicInfo> topics) {
        for (TopicAdmin.TopicInfo t : topics) {
            int rf = t.partitions().isEmpty() ? 0 : t.partitions().get(0).replicas().size();
            out.println("Topic: " + t.name() + (t.topicId() == null ? "" : "\tTopicId: " + t.topicId()) + "\tPartitionCount: "
                    + t.partitions().size() + "\tReplicationFactor: " + rf + "\tConfigs: "
                    + t.config().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","))
                    + (t.markedForDeletion() ? "\tMarkedForDeletion: true" : ""));
            for (TopicAdmin.PartitionInfo p : t.partitions()) {
                String leader = p.state() == null || p.state().leader() < 0 ? "none" : Integer.toString(p.state().leader());
                String isr = p.state() == null ? "" : join(p.state().isr());
                out.println("\tTopic: " + t.name() + "\tPartition: " + p.partition() + "\tLeader: " + leader + "\tReplicas: "
                        + join(p.replicas()) + "\tIsr: " + isr + (t.markedForDeletion() ? "\tMarkedForDeletion: true" : ""));
            }
        }
    }

    private static String join(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
