package io.hakeeper.cli;

import io.hakeeper.kafka.KafkaAgentMain;
import io.hakeeper.kafka.KafkaPayloads;
import io.hakeeper.kafka.KafkaZnodes;
import io.hakeeper.kafka.PartitionController;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hakeeper kafka ...}: broker registration and controller election agents, and the cluster's state. */
@Command(name = "kafka", description = "Kafka (ZooKeeper mode): broker agent with controller election, cluster status.",
        subcommands = {KafkaCommand.BrokerAgentCommand.class, KafkaCommand.Status.class, KafkaConsumerGroupsCommand.class})
final class KafkaCommand {

    @Command(name = "broker-agent", description = "Register /brokers/ids/<id> (again after every session expiry) and"
            + " compete for /controller with the epoch bump and fencing. Runs in the foreground.")
    static final class BrokerAgentCommand implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "broker.id") int id;
        @Option(names = "--listener", required = true, paramLabel = "LISTENER://HOST:PORT",
                description = "One per listener, e.g. PLAINTEXT://kafka1:9092.") List<String> listeners;
        @Option(names = "--rack", description = "broker.rack") String rack;
        @Option(names = "--unclean-leader-election", description = "Let an out-of-sync replica lead a partition whose"
                + " ISR is all gone (unclean.leader.election.enable; loses acknowledged data). Default: off.") boolean unclean;
        @Option(names = "--rebalance-interval-s", defaultValue = "300", description = "How often the controller gives"
                + " leadership back to preferred replicas (leader.imbalance.check.interval.seconds). Default: ${DEFAULT-VALUE}.")
        long rebalanceSeconds;
        @Mixin ZkOptions zk;

        @Override
        public Integer call() throws Exception {
            KafkaAgentMain.run(zk.settings(), new KafkaPayloads.BrokerRegistration(id,
                    listeners.stream().map(KafkaPayloads.Endpoint::parse).toList(), rack, -1, 0),
                    PartitionController.Settings.defaults().withUncleanLeaderElection(unclean)
                            .withRebalanceInterval(java.time.Duration.ofSeconds(rebalanceSeconds)), null);
            return 0;
        }
    }

    @Command(name = "status", description = "Registered brokers, the controller and its epoch, the cluster id.")
    static final class Status implements Callable<Integer> {
        @Mixin ZkOptions zk;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (CuratorFramework client = zk.settings().connect()) {
                PrintWriter out = spec.commandLine().getOut();
                List<String> ids;
                try {
                    ids = List.copyOf(new TreeSet<>(client.getChildren().forPath(KafkaZnodes.BROKER_IDS)));
                } catch (KeeperException.NoNodeException e) {
                    ids = List.of();
                }
                out.printf("brokers     %d%n", ids.size());
                for (String id : ids) {
                    String path = KafkaZnodes.broker(Integer.parseInt(id));
                    KafkaPayloads.BrokerRegistration b = KafkaPayloads.parseBroker(path, client.getData().forPath(path));
                    out.printf("  %s  %s%s%n", id, b.endpoints().stream().map(KafkaPayloads.Endpoint::connectionString).toList(),
                            b.rack() == null ? "" : " rack " + b.rack());
                }
                String controller = "(none)";
                if (client.checkExists().forPath(KafkaZnodes.CONTROLLER) != null) {
                    controller = "broker " + KafkaPayloads.parseController(KafkaZnodes.CONTROLLER, client.getData().forPath(KafkaZnodes.CONTROLLER));
                }
                String epoch = client.checkExists().forPath(KafkaZnodes.CONTROLLER_EPOCH) == null ? "-" : Integer.toString(
                        KafkaPayloads.parseControllerEpoch(KafkaZnodes.CONTROLLER_EPOCH, client.getData().forPath(KafkaZnodes.CONTROLLER_EPOCH)));
                out.printf("controller  %s (epoch %s)%n", controller, epoch);
                if (client.checkExists().forPath(KafkaZnodes.CLUSTER_ID) != null) {
                    out.printf("cluster id  %s%n", KafkaPayloads.parseClusterId(KafkaZnodes.CLUSTER_ID, client.getData().forPath(KafkaZnodes.CLUSTER_ID)));
                }
                return 0;
            }
        }
    }
}
