package io.hakeeper.cli;

import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.kafka.KafkaAgentMain;
import io.hakeeper.kafka.KafkaPayloads;
import io.hakeeper.kafka.KafkaZnodes;
import io.hakeeper.kafka.TopicAdmin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;

/**
 * The Kafka part of {@code hakeeper demo}: three broker agents (processes) under the chroot {@value #CHROOT}, one
 * of which is controller, and a topic {@value #TOPIC} the controller gives leaders to. Constructor does no I/O;
 * {@link #close()} stops the processes by PID and is idempotent.
 */
final class DemoKafka implements AutoCloseable {
    static final String CHROOT = "/kafka";
    static final String TOPIC = "demo";
    static final int BROKERS = 3;

    private final Path dir;
    private final Map<Integer, JavaProcess> brokers = new LinkedHashMap<>();
    private CuratorFramework zk;
    private boolean topicCreated;
    private boolean closed;

    DemoKafka(Path dir) {
        this.dir = dir;
    }

    synchronized void start(String connect) throws Exception {
        try (CuratorFramework root = ZkSettings.builder(connect).build().connect()) {
            if (root.checkExists().forPath(CHROOT) == null) {
                root.create().forPath(CHROOT);
            }
        }
        for (int id = 1; id <= BROKERS; id++) {
            brokers.put(id, JavaProcess.of("broker" + id, KafkaAgentMain.class.getName(), List.of("-Xmx96m"),
                    List.of("--connect", connect + CHROOT, "--id", Integer.toString(id), "--listener",
                            "PLAINTEXT://127.0.0.1:" + (9091 + id), "--session-ms", "6000"), dir.resolve("kafka-broker" + id + ".log")).start());
        }
        zk = ZkSettings.builder(connect + CHROOT).build().connect();
    }

    /** The brokers: controller (with its epoch) or registered; the topic is created once all three are up. */
    synchronized List<Demo.Row> rows() {
        int controller = -1;
        String epoch = "-";
        List<String> registered = List.of();
        try {
            registered = zk.getChildren().forPath(KafkaZnodes.BROKER_IDS);
            controller = KafkaPayloads.parseController(KafkaZnodes.CONTROLLER, zk.getData().forPath(KafkaZnodes.CONTROLLER));
            epoch = Integer.toString(KafkaPayloads.parseControllerEpoch(KafkaZnodes.CONTROLLER_EPOCH, zk.getData().forPath(KafkaZnodes.CONTROLLER_EPOCH)));
            if (!topicCreated && registered.size() == BROKERS) {
                topicCreated = true;
                new TopicAdmin(zk).create(TOPIC, 6, 3, Map.of(), false);
            }
        } catch (Exception e) {
            // no controller right now, or the topic exists from an earlier run
        }
        List<Demo.Row> rows = new ArrayList<>();
        for (Map.Entry<Integer, JavaProcess> e : brokers.entrySet()) {
            int id = e.getKey();
            JavaProcess p = e.getValue();
            String state = !p.isAlive() ? "down" : id == controller ? "controller" : registered.contains(Integer.toString(id))
                    ? "registered" : "unregistered";
            rows.add(new Demo.Row("broker" + id, p.isAlive() ? p.pid() : -1, state, id == controller ? epoch : "-"));
        }
        return rows;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        brokers.values().forEach(JavaProcess::close);
        if (zk != null) {
            zk.close();
        }
    }
}
