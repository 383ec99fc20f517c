package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.testkit.SplitBrainChecker;
import io.hakeeper.zkfc.sample.SampleMaster;
import java.io.BufferedReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture of the controller tests: two sample masters and a controller beside each, all real processes, on a
 * real ZooKeeper. The masters record every activation and write while active into a shared ledger; the
 * split-brain checker judges it after each test.
 */
abstract class ControllerPairBase {
    @TempDir
    Path dir;

    TestingServer zk;
    SplitBrainChecker checker;
    /** The first configuration file (the only one, unless a test layers Hadoop's site files). */
    Path config;
    List<Path> configs;
    final Map<String, Integer> masterPorts = new LinkedHashMap<>();
    final Map<String, Integer> adminPorts = new LinkedHashMap<>();
    final Map<String, JavaProcess> masters = new LinkedHashMap<>();
    final Map<String, JavaProcess> controllers = new LinkedHashMap<>();
    final List<JavaProcess> all = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    /** The quorum the controllers use; a real-process ensemble in the tests that restart its members. */
    String quorum() throws Exception {
        zk = new TestingServer(true);
        return "127.0.0.1:" + zk.getPort();
    }

    /** Per-node quorum overrides (e.g. through a proxy), as ha.zookeeper.quorum.<ns>.<nn> lines; none by default. */
    String quorumOverrides(String quorum) throws Exception {
        return "";
    }

    /** More configuration lines for a test class. */
    String extraConfig() {
        return "";
    }

    /** Session timeout of the controllers. */
    int sessionTimeoutMs() {
        return 4000;
    }

    @BeforeEach
    void start() throws Exception {
        String quorum = quorum();
        Path ledger = dir.resolve("ledger");
        checker = SplitBrainChecker.atFile(ledger);
        int[] ports = FreePorts.reserve(6);
        adminPorts.put("nn1", ports[4]);
        adminPorts.put("nn2", ports[5]);
        masterPorts.put("nn1", ports[0]);
        masterPorts.put("nn2", ports[1]);
        configs = writeConfig(quorum, ports);
        config = configs.get(0);

        ZkfcSettings settings = ZkfcSettings.from(io.hakeeper.core.config.ConfigFiles.read(configs), null, "nn1");
        try (CuratorFramework client = ZkSettings.builder(quorum).build().connect()) {
            FormatZk.format(client, settings.layout(), false, false, new BufferedReader(new StringReader("")), System.out);
        }
        for (String nn : masterPorts.keySet()) {
            JavaProcess master = JavaProcess.of(nn, SampleMaster.class.getName(), List.of("-Xmx64m"),
                    List.of("--id", nn, "--port", Integer.toString(masterPorts.get(nn)), "--ledger", ledger.toString()),
                    dir.resolve(nn + ".log"));
            masters.put(nn, master);
            all.add(master.start());
        }
        for (String nn : masterPorts.keySet()) {
            JavaProcess zkfc = JavaProcess.of("zkfc-" + nn, ZkfcMain.class.getName(), List.of("-Xmx128m"),
                    controllerArgs(nn), dir.resolve("zkfc-" + nn + ".log"));
            controllers.put(nn, zkfc);
            all.add(zkfc.start());
        }
    }

    /**
     * Writes the controllers' configuration and returns its files in the order they are layered: by default one
     * hakeeper.properties; ports[0..1] are the masters', [2..3] the ZKFC ports, [4..5] the admin ports.
     */
    List<Path> writeConfig(String quorum, int[] ports) throws Exception {
        StringBuilder props = new StringBuilder("ha.zookeeper.quorum=" + quorum + "\n"
                + "ha.zookeeper.session-timeout.ms=" + sessionTimeoutMs() + "\n"
                + "dfs.nameservices=demo\ndfs.ha.namenodes.demo=nn1,nn2\n"
                + "dfs.ha.fencing.methods=shell(true)\n"
                + "ha.health-monitor.check-interval.ms=200\n");
        int i = 2;
        for (Map.Entry<String, Integer> m : masterPorts.entrySet()) {
            String nn = m.getKey();
            int port = m.getValue();
            props.append("dfs.namenode.rpc-address.demo.").append(nn).append("=127.0.0.1:").append(port).append('\n')
                    .append("dfs.ha.zkfc.port.demo.").append(nn).append('=').append(ports[i++]).append('\n')
                    .append("hakeeper.admin.port.demo.").append(nn).append('=').append(adminPorts.get(nn)).append('\n')
                    .append(targetLines("demo", nn));
        }
        props.append(quorumOverrides(quorum)).append(extraConfig());
        Path file = dir.resolve("hakeeper.properties");
        Files.writeString(file, props.toString());
        return List.of(file);
    }

    /** The hakeeper.target and hakeeper.health lines that point a node's controller at its sample master. */
    String targetLines(String ns, String nn) {
        int port = masterPorts.get(nn);
        return "hakeeper.target." + ns + "." + nn + "=http://127.0.0.1:" + port + "/ha\n"
                + "hakeeper.health." + ns + "." + nn + "=http://127.0.0.1:" + port + "/health#healthy=true\n";
    }

    /** The arguments of nn's controller process: every configuration file, then the node. */
    List<String> controllerArgs(String nn) {
        List<String> args = new ArrayList<>();
        configs.forEach(c -> {
            args.add("--config");
            args.add(c.toString());
        });
        args.add("--node");
        args.add(nn);
        return args;
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = all.size() - 1; i >= 0; i--) {
            all.get(i).close();
        }
        if (zk != null) {
            zk.close();
        }
        checker.assertNoSplitBrain();
    }

    String awaitExactlyOneActive(Duration deadline) throws Exception {
        Await.until(() -> masterPorts.keySet().stream().filter(nn -> "active".equals(state(nn))).count() == 1,
                deadline, "one active master");
        return masterPorts.keySet().stream().filter(nn -> "active".equals(state(nn))).findFirst().orElseThrow();
    }

    String state(String nn) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterPorts.get(nn)
                    + "/ha/state")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body().contains("\"active\"") ? "active" : "standby";
        } catch (Exception e) {
            return "down";
        }
    }

    /** GET on a controller's admin HTTP: the status code and the body. */
    HttpResponse<String> admin(String nn, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPorts.get(nn) + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** True when nn's controller answers {@code code} on {@code path} now (false when it cannot be reached). */
    boolean adminAnswers(String nn, String path, int code) {
        try {
            return admin(nn, path).statusCode() == code;
        } catch (Exception e) {
            return false;
        }
    }

    void post(String nn, String path) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterPorts.get(nn) + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
