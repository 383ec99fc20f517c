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
 * [--ledger FILE]}. It registers the broker and competes for the controller. While controller it proves its epoch
 * every 50 ms with a fenced (epoch-checked) multi; with {@code --ledger} each proof that ZooKeeper accepted is
 * recorded, stamped with the epoch, for the split-brain checker.
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
            Path ledger = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--connect" -> connect = args[++i];
                    case "--id" -> id = Integer.parseInt(args[++i]);
                    case "--listener" -> listeners.add(KafkaPayloads.Endpoint.parse(args[++i]));
                    case "--rack" -> rack = args[++i];
                    case "--session-ms" -> sessionMs = Long.parseLong(args[++i]);
                    case "--ledger" -> ledger = Path.of(args[++i]);
                    default -> throw HakeeperException.config("unknown argument " + args[i]);
                }
            }
            if (connect == null || id < 0 || listeners.isEmpty()) {
                throw HakeeperException.config("--connect, --id and at least one --listener are required");
            }
            run(ZkSettings.builder(connect).sessionTimeout(Duration.ofMillis(sessionMs)).build(),
                    new KafkaPayloads.BrokerRegistration(id, listeners, rack, -1, 0), ledger);
        } catch (HakeeperException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(e.exitCode().code());
        }
    }

    /** Registers the broker and takes part in the controller election until the process is stopped. */
    public static void run(ZkSettings zk, KafkaPayloads.BrokerRegistration broker, Path ledgerFile) throws Exception {
        EpochLedger ledger = ledgerFile == null ? null : EpochLedger.atFile(ledgerFile);
        String holder = "broker" + broker.id();
        KafkaController.Listener listener = new KafkaController.Listener() {
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
        };
        try (CuratorFramework client = zk.connect();
             BrokerAgent agent = new BrokerAgent(client, broker).start();
             KafkaController controller = new KafkaController(client, broker.id(), listener).start()) {
            System.out.println("broker " + broker.id() + " agent started");
            String last = "";
            int lastEpoch = -1;
            while (true) {
                String now = agent.status();
                if (!now.equals(last)) {
                    System.out.println("broker " + broker.id() + ": " + now);
                    last = now;
                }
                int epoch = controller.epoch();
                if (epoch >= 0) {
                    lastEpoch = epoch;
                }
                if (lastEpoch >= 0) { // a controller, or a former one that may not know it lost: try to act
                    try {
                        controller.fencedWrite(List.of());
                        if (ledger != null) {
                            ledger.wrote(holder, lastEpoch, "controller-write");
                        }
                    } catch (Exception refused) {
                        if (epoch < 0) {
                            lastEpoch = -1; // refused and told: stop trying
                            System.out.println("broker " + broker.id() + ": controller write refused: " + refused.getMessage());
                        }
                    }
                }
                Thread.sleep(50);
            }
        }
    }
}
