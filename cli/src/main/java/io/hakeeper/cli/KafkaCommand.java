package io.hakeeper.cli;

import io.hakeeper.kafka.KafkaAgentMain;
import io.hakeeper.kafka.KafkaPayloads;
import io.hakeeper.kafka.KafkaZnodes;
import io.hakeeper.kafka.PartitionController;
import io.hakeeper.kafka.ShutdownRequests;
import io.hakeeper.kafka.TopicAdmin;
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
        subcommands = {KafkaCommand.BrokerAgentCommand.class, KafkaCommand.Status.class, KafkaTopicsCommand.class,
                KafkaCommand.ShutdownBroker.class, KafkaConsumerGroupsCommand.class})
final class KafkaCommand {

    @Command(name = "broker-agent", description = "Register /brokers/ids/<id> (again after every session expiry) and"
            + " compete for /controller with the epoch bump and fencing. Runs in the foreground.")
    static final class BrokerAgentCommand implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "broker.id") int id;
        @Option(names = "--listener", required = true, paramLabel = "LISTENER://HOST:PORT", converter = OptionValues.Listener.class,
                description = "One per listener, e.g. PLAINTEXT://kafka1:9092.") List<KafkaPayloads.Endpoint> listeners;
        @Option(names = "--rack", description = "broker.rack") String rack;
        @Option(names = "--unclean-leader-election", description = "Let an out-of-sync replica lead a partition whose"
                + " ISR is all gone (unclean.leader.election.enable; loses acknowledged data). Default: off.") boolean unclean;
        @Option(names = "--rebalance-interval-s", defaultValue = "300", description = "How often the controller gives"
                + " leadership back to preferred replicas (leader.imbalance.check.interval.seconds). Default: ${DEFAULT-VALUE}.")
        long rebalanceSeconds;
        @Mixin ZkOptions zk;
        @Mixin DaemonLogging logs;

        @Override
        public Integer call() throws Exception {
            logs.apply();
            DaemonLogging.started("kafka broker-agent", List.of());
            KafkaAgentMain.run(zk.settings(), new KafkaPayloads.BrokerRegistration(id,
                    List.copyOf(listeners), rack, -1, 0),
                    PartitionController.Settings.defaults().withUncleanLeaderElection(unclean)
                            .withRebalanceInterval(java.time.Duration.ofSeconds(rebalanceSeconds)), null);
            return 0;
        }
    }

    @Command(name = "shutdown-broker", description = "Controlled shutdown: the controller moves every leadership of"
            + " broker N away and takes it out of every ISR, then the broker's agent deregisters and exits.",
            footer = {"%nExit codes: 0 done; 7 (NOT_FOUND) broker not registered; 4 (UNREACHABLE) not done before --timeout-s"
                    + " (no controller, or the agent is not running)."})
    static final class ShutdownBroker implements Callable<Integer> {
        @picocli.CommandLine.Parameters(paramLabel = "N", description = "broker.id") int id;
        @Option(names = "--timeout-s", defaultValue = "60", description = "Default: ${DEFAULT-VALUE}.") long timeoutSeconds;
        @Mixin ZkOptions zk;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try (CuratorFramework client = zk.settings().connect()) {
                long epoch = ShutdownRequests.request(client, id);
                try {
                    ShutdownRequests.awaitDeregistered(client, id, epoch, java.time.Duration.ofSeconds(timeoutSeconds));
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new io.hakeeper.core.error.HakeeperException(io.hakeeper.core.error.ExitCode.UNREACHABLE,
                            "broker " + id + " did not finish its controlled shutdown within " + timeoutSeconds + " s: is a"
                                    + " controller running (hakeeper kafka status) and is broker " + id + "'s agent up? The"
                                    + " request stays filed at " + KafkaZnodes.controlledShutdown(id));
                }
                spec.commandLine().getOut().println("broker " + id + " shut down: its leaderships moved before it deregistered");
                return 0;
            }
        }
    }

    /** The status line and exit code of a health check: down (12), degraded (13) or healthy (0). */
    static int health(PrintWriter out, boolean noController, int offline, int underReplicated) {
        if (noController || offline > 0) {
            out.printf("health      down: %s%n", noController ? "no controller" : offline + " partitions offline");
            out.flush();
            return io.hakeeper.core.error.ExitCode.UNHEALTHY.code();
        }
        if (underReplicated > 0) {
            out.printf("health      degraded: %d partitions under-replicated%n", underReplicated);
            out.flush();
            return io.hakeeper.core.error.ExitCode.DEGRADED.code();
        }
        out.println("health      ok");
        out.flush();
        return 0;
    }

    @Command(name = "status", description = "Registered brokers, the controller and its epoch, the cluster id, and each"
            + " partition's leader and ISR (offline partitions listed). A health check: exits 12 with no controller or"
            + " with offline partitions, 13 with partitions under-replicated, else 0.")
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
                TopicAdmin admin = new TopicAdmin(client);
                List<TopicAdmin.TopicInfo> topics = admin.describe(admin.list());
                List<String> offline = new java.util.ArrayList<>();
                int count = 0;
                int underReplicated = 0;
                for (TopicAdmin.TopicInfo t : topics) {
                    for (TopicAdmin.PartitionInfo p : t.partitions()) {
                        count++;
                        if (p.state() == null || p.state().leader() < 0) {
                            offline.add(t.name() + "-" + p.partition());
                        } else if (p.state().isr().size() < p.replicas().size()) {
                            underReplicated++;
                        }
                    }
                }
                out.printf("topics      %d (%d partitions, %d offline%s)%n", topics.size(), count, offline.size(),
                        offline.isEmpty() ? "" : ": " + String.join(" ", offline));
                KafkaTopicsCommand.describe(out, topics);
                return health(out, !ids.isEmpty() && controller.equals("(none)"), offline.size(), underReplicated);
            }
        }
    }
}
