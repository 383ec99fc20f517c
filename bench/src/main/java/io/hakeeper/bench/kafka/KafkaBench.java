package io.hakeeper.bench.kafka;

import io.hakeeper.bench.ResultLine;
import io.hakeeper.core.zk.BulkWriter;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.kafka.BrokerServices;
import io.hakeeper.kafka.KafkaPayloads;
import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import io.hakeeper.kafka.KafkaZnodes;
import io.hakeeper.kafka.PartitionController;
import io.hakeeper.kafka.TopicAdmin;
import io.hakeeper.kafka.TopicPartition;
import io.hakeeper.quorum.DevEnsemble;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hakeeper bench kafka}: N partitions (replication factor 3) over 10 brokers on the dev quorum. Ours: kill a
 * broker, time until every partition it led has its new leader in ZooKeeper; then kill the controller, and take
 * the new controller's load of every partition state. The peer, in the same run and on the same quorum (its own
 * chroot, the same assignment): a controller as Kafka's before 1.1, one synchronous request at a time.
 */
@Command(name = "kafka", description = "Partition-leader re-election and controller failover load at scale, against a one-request-at-a-time controller.")
public final class KafkaBench implements Callable<Integer> {
    static final int BROKERS = 10;
    static final int PER_TOPIC = 1000;
    static final Duration LONG = Duration.ofMinutes(10);

    @Option(names = "--partitions", defaultValue = "100000") int partitions;
    @Option(names = "--dir", description = "Scratch directory (default: a new temporary one).") Path dir;

    @Spec
    CommandSpec spec;

    private final Map<Integer, BrokerServices> brokers = new ConcurrentHashMap<>();
    private final Map<Integer, CuratorFramework> clients = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Integer> leaders = new ConcurrentHashMap<>(); // as written, acknowledged
    /** The dead broker's partitions still waiting for a new leader (emptied by the listener: no scanning while timing). */
    private final Set<TopicPartition> awaitingLeader = ConcurrentHashMap.newKeySet();
    private volatile int deadBroker = -1;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = dir != null ? dir : Files.createTempDirectory("hakeeper-bench-kafka");
        try (DevEnsemble quorum = new DevEnsemble(3, 0, false, scratch.resolve("quorum")).memberHeap("2g").start(Duration.ofSeconds(120));
             CuratorFramework root = ZkSettings.builder(quorum.connectString()).build().connect()) {
            root.create().forPath("/ours");
            root.create().forPath("/naive");
            try {
                run(out, quorum.connectString());
            } finally {
                for (int id : List.copyOf(brokers.keySet())) {
                    crash(id);
                }
            }
        }
        return 0;
    }

    private void run(PrintWriter out, String connect) throws Exception {
        for (int id = 1; id <= BROKERS; id++) {
            startBroker(connect + "/ours", id);
        }
        CuratorFramework admin = ZkSettings.builder(connect + "/ours").build().connect();
        try {
            await(() -> brokers.values().stream().anyMatch(b -> b.partitions().loadedEpoch() >= 0), "a controller");
            long t = System.nanoTime();
            Map<String, Map<Integer, List<Integer>>> assignments = new LinkedHashMap<>();
            for (int made = 0, topic = 0; made < partitions; made += PER_TOPIC, topic++) {
                String name = "bench-" + topic;
                assignments.put(name, new TopicAdmin(admin).create(name, Math.min(PER_TOPIC, partitions - made), 3, Map.of(), false));
            }
            await(() -> leaders.size() >= partitions, "every partition created by the controller");
            out.printf("%d partitions in %d topics over %d brokers, created by the controller in %.0f ms%n", partitions,
                    assignments.size(), BROKERS, ms(t));
            out.flush();

            int controller = KafkaPayloads.parseController(KafkaZnodes.CONTROLLER, admin.getData().forPath(KafkaZnodes.CONTROLLER));
            int victim = controller == 1 ? 2 : 1;
            List<TopicPartition> led = leaders.entrySet().stream().filter(e -> e.getValue() == victim).map(Map.Entry::getKey).toList();
            deadBroker = victim;
            awaitingLeader.addAll(led);
            long t1 = System.nanoTime();
            crash(victim);
            await(awaitingLeader::isEmpty, "new leaders for broker " + victim + "'s partitions");
            double reelectMs = ms(t1);
            out.printf("ours: broker %d died; its %d partitions had new leaders in ZooKeeper %.0f ms later%n", victim, led.size(), reelectMs);

            int oldEpoch = brokers.get(controller).partitions().loadedEpoch();
            long t2 = System.nanoTime();
            crash(controller);
            await(() -> brokers.values().stream().anyMatch(b -> b.partitions().loadedEpoch() > oldEpoch), "a new controller loaded");
            double failoverMs = ms(t2);
            PartitionController next = brokers.values().stream().filter(b -> b.partitions().loadedEpoch() > oldEpoch)
                    .findFirst().orElseThrow().partitions();
            out.printf("ours: controller %d died; the next read every topic and partition state in %d ms, and had given"
                    + " leaders to the dead controller's partitions %.0f ms after its death%n", controller, next.lastReadMillis(), failoverMs);
            out.flush();

            Naive naive = naivePeer(connect + "/naive", assignments, victim);
            out.printf("peer (one request at a time): load %.0f ms; new leaders for broker %d's %d partitions %.0f ms%n",
                    naive.loadMs, victim, naive.written, naive.reelectMs);
            out.println(new ResultLine("kafka").put("partitions", partitions).put("reelect_ms", Math.round(reelectMs))
                    .put("failover_load_ms", next.lastReadMillis()).put("failover_total_ms", Math.round(failoverMs))
                    .put("naive_reelect_ms", Math.round(naive.reelectMs)).put("naive_load_ms", Math.round(naive.loadMs))
                    .put("ratio", reelectMs / naive.reelectMs).put("load_ratio", next.lastReadMillis() / naive.loadMs));
        } finally {
            admin.close();
        }
    }

    private record Naive(double loadMs, double reelectMs, int written) {
    }

    /** The same assignment and states written under the peer's chroot (not timed), then its load and re-election. */
    private Naive naivePeer(String connect, Map<String, Map<Integer, List<Integer>>> assignments, int victim) throws Exception {
        try (CuratorFramework c = ZkSettings.builder(connect).sessionTimeout(Duration.ofSeconds(30)).build().connect()) {
            ZooKeeper zk = c.getZookeeperClient().getZooKeeper();
            List<Op> ops = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (String path : List.of("/brokers", KafkaZnodes.BROKER_TOPICS)) {
                add(ops, sizes, path, null);
            }
            for (var t : assignments.entrySet()) {
                add(ops, sizes, KafkaZnodes.topic(t.getKey()), KafkaPayloads.topic(new KafkaPayloads.TopicAssignment(t.getValue(), null)));
                add(ops, sizes, KafkaZnodes.partitions(t.getKey()), null);
                t.getValue().forEach((p, replicas) -> {
                    add(ops, sizes, KafkaZnodes.partition(t.getKey(), p), null);
                    add(ops, sizes, KafkaZnodes.partitionState(t.getKey(), p),
                            KafkaPayloads.partitionState(new PartitionState(replicas.get(0), 0, 1, replicas, false)));
                });
            }
            new BulkWriter(zk, LONG).write(ops, sizes);
            NaiveKafkaController naive = new NaiveKafkaController(zk);
            long t = System.nanoTime();
            naive.load();
            double loadMs = ms(t);
            Set<Integer> live = new HashSet<>();
            for (int id = 1; id <= BROKERS; id++) {
                live.add(id);
            }
            live.remove(victim);
            long t2 = System.nanoTime();
            int written = naive.reelect(victim, live, 2);
            return new Naive(loadMs, ms(t2), written);
        }
    }

    private static void add(List<Op> ops, List<Integer> sizes, String path, byte[] data) {
        ops.add(Op.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        sizes.add(data == null ? 0 : data.length);
    }

    private void startBroker(String connect, int id) {
        CuratorFramework c = ZkSettings.builder(connect).sessionTimeout(Duration.ofSeconds(30)).build().connect();
        BrokerServices s = new BrokerServices(c, new KafkaPayloads.BrokerRegistration(id,
                List.of(KafkaPayloads.Endpoint.parse("PLAINTEXT://127.0.0.1:" + (19092 + id))), null, -1, 0),
                PartitionController.Settings.defaults().withAutoLeaderRebalance(false).withDeadline(LONG),
                new BrokerServices.Listener() {
                    @Override
                    public void stateWritten(int controllerEpoch, TopicPartition tp, String topicId, PartitionState state) {
                        leaders.put(tp, state.leader());
                        if (state.leader() != deadBroker) {
                            awaitingLeader.remove(tp);
                        }
                    }
                });
        clients.put(id, c);
        brokers.put(id, s.start());
    }

    /**
     * The broker dies as ZooKeeper sees a crash: its session closes first (its registration, and /controller if it
     * held it, go at once), then its loops are stopped; the clock starts before the session closes.
     */
    private void crash(int id) {
        BrokerServices s = brokers.remove(id);
        CuratorFramework c = clients.remove(id);
        if (s != null) {
            c.close();
            s.close();
        }
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + LONG.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no " + what + " within " + LONG.toMinutes() + " minutes");
            }
            Thread.sleep(1);
        }
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }
}
