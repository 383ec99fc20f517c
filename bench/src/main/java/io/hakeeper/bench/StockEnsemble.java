package io.hakeeper.bench;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.quorum.StatusProbe;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The peer of the quorum benchmark: the same ZooKeeper version started by its own {@code QuorumPeerMain} from its
 * stock sample config (zoo_sample.cfg: tickTime 2000, initLimit 10, syncLimit 5, dataDir, clientPort), plus the
 * server lines a 3-member ensemble needs and a distinct AdminServer port each (three members share one host).
 * Same JVM options and the same server log setup as our members, so the difference measured is our defaults.
 */
final class StockEnsemble implements AutoCloseable {
    static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true");

    private final Path dir;
    private final int size;
    private final List<JavaProcess> members = new ArrayList<>();
    private final List<Integer> clientPorts = new ArrayList<>();
    private final List<String> extraSettings;

    /** @param extraSettings {@code key=value} lines added to the stock config, to measure what one setting costs */
    StockEnsemble(Path dir, int size, List<String> extraSettings) {
        this.dir = dir;
        this.size = size;
        this.extraSettings = List.copyOf(extraSettings);
    }

    StockEnsemble start(Duration deadline) throws Exception {
        Path logback = dir.resolve("logback.xml");
        Files.createDirectories(dir);
        try (InputStream in = StockEnsemble.class.getResourceAsStream("/hakeeper-server-logback.xml")) {
            Files.copy(in, logback, StandardCopyOption.REPLACE_EXISTING);
        }
        int[][] ports = new int[size][];
        StringBuilder serverLines = new StringBuilder();
        for (int i = 0; i < size; i++) {
            ports[i] = FreePorts.reserve(4);
            serverLines.append("server.").append(i + 1).append("=127.0.0.1:").append(ports[i][1]).append(':')
                    .append(ports[i][2]).append('\n');
        }
        for (int i = 0; i < size; i++) {
            Path memberDir = dir.resolve("stock-" + (i + 1));
            Path data = memberDir.resolve("data");
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), Integer.toString(i + 1));
            String cfg = "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=" + data + "\nclientPort=" + ports[i][0] + "\n"
                    + "admin.serverPort=" + ports[i][3] + "\n" + serverLines + String.join("\n", extraSettings) + "\n";
            Files.writeString(memberDir.resolve("zoo.cfg"), cfg, StandardCharsets.UTF_8);
            List<String> jvm = new ArrayList<>(JVM);
            jvm.add("-Dlogback.configurationFile=" + logback);
            jvm.add("-Dhakeeper.log.dir=" + memberDir.resolve("logs"));
            JavaProcess p = JavaProcess.of("stock-zk-" + (i + 1), "org.apache.zookeeper.server.quorum.QuorumPeerMain", jvm,
                    List.of(memberDir.resolve("zoo.cfg").toString()), memberDir.resolve("logs/stdout.log"));
            members.add(p);
            clientPorts.add(ports[i][0]);
            p.start();
        }
        StatusProbe probe = new StatusProbe(null, Duration.ofSeconds(2));
        try {
            Await.until(() -> clientPorts.stream().allMatch(port -> probe.probe("127.0.0.1", port).serving()), deadline,
                    "quorum of the stock ensemble");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new HakeeperException(io.hakeeper.core.error.ExitCode.UNREACHABLE,
                    "the stock ensemble in " + dir + " formed no quorum: see its logs/stdout.log", e);
        }
        return this;
    }

    List<String> servers() {
        return clientPorts.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    @Override
    public void close() {
        members.forEach(JavaProcess::close);
    }
}
