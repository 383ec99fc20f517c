package io.hakeeper.kafka;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.fencing.EpochLedger;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;

/**
 * A broker agent as a process ({@code hakeeper kafka broker-agent}, and the tests that kill it):
 * {@code --connect C --id N --listener PLAINTEXT://host:port [--listener ...] [--rack R] [--session-ms MS]
 * [--unclean-leader-election] [--rebalance-interval-s S] [--ledger FILE]}. It registers the broker, competes for
 * the controller and, while controller, does the controller's partition work. On SIGTERM it asks for a controlled
 * shutdown first (Kafka's controlled.shutdown.enable). With {@code --ledger}, every write ZooKeeper accepted from
 * it as controller (its epoch proofs every 50 ms, and each partition state) is recorded, stamped with the
 * controller epoch, for the split-brain checker.
 */
public final class KafkaAgentMain {
    private KafkaAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            String connect = null;
            int id = -1;
            List<KafkaPayloads.Endpoint> listeners = new ArrayList<>();
            String rack = null;
            long sessionMs = 18_000; // Kafka's zookeeper.session.timeout.ms
            PartitionController.Settings settings = PartitionController.Settings.defaults();
            Path ledger = null;
            int i = 0;
            try {
                for (; i < args.length; i++) {
                    switch (args[i]) {
                        case "--connect" -> connect = args[++i];
                        case "--id" -> id = Integer.parseInt(args[++i]);
                        case "--listener" -> listeners.add(KafkaPayloads.Endpoint.parse(args[++i]));
                        case "--rack" -> rack = args[++i];
                        case "--session-ms" -> sessionMs = Long.parseLong(args[++i]);
                        case "--unclean-leader-election" -> settings = settings.withUncleanLeaderElection(true);
                        case "--rebalance-interval-s" -> settings = settings.withRebalanceInterval(Duration.ofSeconds(Long.parseLong(args[++i])));
                        case "--ledger" -> ledger = Path.of(args[++i]);
                        default -> throw HakeeperException.usage("unknown argument " + args[i] + ": the options are --connect, --id, --listener, --rack, --session-ms, --unclean-leader-election, --rebalance-interval-s and --ledger");
                    }
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw HakeeperException.badValue(args, i, e);
            }
            if (connect == null || id < 0 || listeners.isEmpty()) {
                throw HakeeperException.usage("--connect, --id and at least one --listener are required");
            }
            run(ZkSettings.builder(connect).sessionTimeout(Duration.ofMillis(sessionMs)).build(),
                    new KafkaPayloads.BrokerRegistration(id, listeners, rack, -1, 0), settings, ledger);
        } catch (HakeeperException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e.exitCode().code());
        }
    }

    /** Runs the broker's ZooKeeper side until the process is stopped or its controlled shutdown is done. */
    public static void run(ZkSettings zk, KafkaPayloads.BrokerRegistration broker, PartitionController.Settings settings,
            Path ledgerFile) throws Exception {
        EpochLedger ledger = ledgerFile == null ? null : EpochLedger.atFile(ledgerFile);
        String holder = "broker" + broker.id();
        BrokerServices.Listener listener = new BrokerServices.Listener() {
            @Override
            public void becameController(int epoch) {
                if (ledger != null) {
                    ledger.acquired(holder, epoch);
                }
                System.out.println("broker " + broker.id() + " is the controller (epoch " + epoch + ")");
            }

            @Override
            public void resigned(String why) {
                System.out.println("broker " + broker.id() + " is no longer the controller: " + why);
            }

            @Override
            public void stateWritten(int controllerEpoch, TopicPartition tp, String topicId, KafkaPayloads.PartitionState s) {
                if (ledger != null) {
                    ledger.wrote(holder, controllerEpoch, EpochLedger.partitionWrite(tp.topic() + "@" + topicId, tp.partition(), s.leaderEpoch(), s.leader()));
                }
            }
        };
        zk.createChrootIfMissing(); // as Kafka's broker does: /brokers cannot be made inside a missing chroot
        try (CuratorFramework client = zk.connect();
             BrokerServices services = new BrokerServices(client, broker, settings, listener).start()) {
            Thread mainThread = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    services.agent().controlledShutdown(Duration.ofSeconds(30));
                    mainThread.join(5_000);
                } catch (Exception e) {
                    System.err.println("broker " + broker.id() + ": controlled shutdown failed: " + e.getMessage());
                }
            }, "controlled-shutdown"));
            System.out.println("broker " + broker.id() + " agent started");
            proveEpochUntilShutDown(broker.id(), services, ledger, holder);
        }
    }

    /**
     * While controller, proves the epoch every 50 ms with a fenced (epoch-checked) empty multi; a former controller
     * that may not know it lost keeps trying, and the ledger shows whether ZooKeeper ever let one through.
     */
    private static void proveEpochUntilShutDown(int id, BrokerServices services, EpochLedger ledger, String holder)
            throws InterruptedException {
        String last = "";
        int lastEpoch = -1;
        while (!services.agent().isShutDown()) {
            if (services.agent().refusal() != null) {
                throw services.agent().refusal(); // the process exits 8 with that one line
            }
            if (services.controller().failure() != null) {
                throw services.controller().failure(); // the election gave up its lock: exit, a supervisor restarts us
            }
            String now = services.agent().status();
            if (!now.equals(last)) {
                System.out.println("broker " + id + ": " + now);
                last = now;
            }
            int epoch = services.controller().epoch();
            if (epoch >= 0) {
                lastEpoch = epoch;
            }
            if (lastEpoch >= 0) {
                try {
                    services.controller().fencedWrite(List.of());
                    if (ledger != null) {
                        ledger.wrote(holder, lastEpoch, "controller-write");
                    }
                } catch (Exception refused) {
                    if (epoch < 0) {
                        lastEpoch = -1; // refused and told: stop trying
                        System.out.println("broker " + id + ": controller write refused: " + refused.getMessage());
                    }
                }
            }
            Thread.sleep(50);
        }
        System.out.println("broker " + id + ": " + services.agent().status());
    }
}
