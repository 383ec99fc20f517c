package io.hakeeper.bench.failover;

import io.hakeeper.core.fencing.EpochLedger;
import io.hakeeper.core.http.HttpCall;
import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.testkit.TcpProxy;
import io.hakeeper.zkfc.FormatZk;
import io.hakeeper.zkfc.HdfsHaZnodes;
import io.hakeeper.zkfc.sample.SampleMaster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;

/**
 * Two sample masters, nn1 and nn2, and a failover controller beside each (ours or Hadoop's, the same processes the
 * user would run), in one nameservice on a shared quorum. The masters record every activation and every write while
 * active in one epoch ledger per pair, so the benchmark can say whether a controller ever let two masters act.
 */
final class MasterPair implements AutoCloseable {
    /** How the pair's controller processes are launched: main class, JVM options, arguments for a node. */
    record ControllerKind(String name, String mainClass, List<String> jvm, ArgsForNode args) {
    }

    interface ArgsForNode {
        List<String> of(Path config, String node);
    }

    static final List<String> NODES = List.of("nn1", "nn2");
    private static final Duration POLL = Duration.ofMillis(2);

    private final ControllerKind kind;
    private final Path dir;
    private final String nameservice;
    private final Map<String, Integer> masterPorts = new LinkedHashMap<>();
    private final Map<String, JavaProcess> masters = new LinkedHashMap<>();
    private final Map<String, JavaProcess> controllers = new LinkedHashMap<>();
    private final List<JavaProcess> started = new ArrayList<>();
    private final EpochLedger ledger;
    private final FailoverPhases phases = new FailoverPhases();
    /** With cuts: each controller reaches ZooKeeper through a proxy of its own, which a cut round black-holes. */
    private final boolean viaProxies;
    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();

    /** One kill -9 round: the time until the other master said it is active, and the phases the controllers logged. */
    record Round(Duration took, Map<String, Double> phases) {
    }

    /** @param viaProxies whether the controllers reach ZooKeeper through proxies, for {@link #cutActiveController} */
    MasterPair(ControllerKind kind, Path dir, boolean viaProxies) {
        this.kind = kind;
        this.dir = dir;
        this.nameservice = "bench-" + kind.name();
        this.ledger = EpochLedger.atFile(dir.resolve("ledger"));
        this.viaProxies = viaProxies;
    }

    String name() {
        return kind.name();
    }

    /** Writes the configuration (Hadoop's keys; our controller's extra keys are ignored by Hadoop's), formats the parent znode, starts all four processes. */
    MasterPair start(String quorum, Duration deadline) throws Exception {
        Files.createDirectories(dir);
        int[] ports = FreePorts.reserve(6);
        StringBuilder props = new StringBuilder("ha.zookeeper.quorum=" + quorum + "\n"
                + "dfs.nameservices=" + nameservice + "\ndfs.ha.namenodes." + nameservice + "=nn1,nn2\n"
                + "dfs.ha.fencing.methods=shell(true)\n");
        for (int i = 0; i < NODES.size(); i++) {
            String nn = NODES.get(i);
            int port = ports[i];
            masterPorts.put(nn, port);
            String key = nameservice + "." + nn;
            props.append("dfs.namenode.rpc-address.").append(key).append("=127.0.0.1:").append(port).append('\n')
                    .append("dfs.ha.zkfc.port.").append(key).append('=').append(ports[2 + i]).append('\n')
                    .append("hakeeper.admin.port.").append(key).append('=').append(ports[4 + i]).append('\n')
                    .append("hakeeper.target.").append(key).append("=http://127.0.0.1:").append(port).append("/ha\n")
                    .append("hakeeper.health.").append(key).append("=http://127.0.0.1:").append(port)
                    .append("/health#healthy=true\n");
        }
        // one file per controller: Hadoop's ZKFC has no per-node quorum key, and a proxied controller needs its own
        Map<String, Path> configs = new LinkedHashMap<>();
        for (String nn : NODES) {
            String zk = quorum;
            if (viaProxies) {
                String first = quorum.split(",")[0];
                TcpProxy proxy = TcpProxy.start(first.substring(0, first.lastIndexOf(':')),
                        Integer.parseInt(first.substring(first.lastIndexOf(':') + 1)));
                proxies.put(nn, proxy);
                zk = proxy.address();
            }
            Path config = dir.resolve("ha-" + nn + ".properties");
            Files.writeString(config, props.toString().replace("ha.zookeeper.quorum=" + quorum + "\n",
                    "ha.zookeeper.quorum=" + zk + "\n"));
            configs.put(nn, config);
        }
        try (CuratorFramework client = ZkSettings.builder(quorum).build().connect()) {
            FormatZk.format(client, new HdfsHaZnodes("/hadoop-ha", nameservice), true, false,
                    new BufferedReader(new StringReader("")), new PrintStream(PrintStream.nullOutputStream()));
        }
        for (String nn : NODES) {
            JavaProcess master = JavaProcess.of(kind.name() + "-master-" + nn, SampleMaster.class.getName(),
                    List.of("-Xmx64m"), List.of("--id", nn, "--port", Integer.toString(masterPorts.get(nn)), "--ledger",
                            dir.resolve("ledger").toString()), dir.resolve("master-" + nn + ".log"));
            masters.put(nn, master);
            started.add(master.start());
        }
        // INFO from both controllers (ours and Hadoop's HA classes): their lines mark the phases of each failover
        Path logback = dir.resolve("logback-controllers.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.zookeeper" level="ERROR"/>
                  <logger name="org.apache.curator" level="ERROR"/>
                  <logger name="io.hakeeper" level="INFO"/>
                  <logger name="org.apache.hadoop.ha" level="INFO"/>
                  <root level="WARN"><appender-ref ref="ERR"/></root>
                </configuration>
                """);
        List<String> jvm = new ArrayList<>(kind.jvm());
        jvm.add("-Dlogback.configurationFile=" + logback.toAbsolutePath());
        for (String nn : NODES) {
            JavaProcess controller = JavaProcess.of(kind.name() + "-zkfc-" + nn, kind.mainClass(), jvm,
                    kind.args().of(configs.get(nn), nn), dir.resolve("zkfc-" + nn + ".log"));
            controllers.put(nn, controller);
            started.add(controller.start());
        }
        awaitOneActive(deadline);
        return this;
    }

    /** kill -9 of the active master; the time until the other master reports active. The killed one is restarted. */
    Round killActiveMaster(Duration deadline, Duration settle) throws Exception {
        String active = awaitOneActive(deadline);
        String other = otherThan(active);
        List<Path> logs = NODES.stream().map(nn -> dir.resolve("zkfc-" + nn + ".log")).toList();
        phases.skipToEnd(logs);
        long killWall = System.currentTimeMillis();
        long t0 = System.nanoTime();
        masters.get(active).kill9();
        awaitActive(other, deadline);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        masters.get(active).start();
        Thread.sleep(settle.toMillis()); // its controller sees it healthy again and rejoins the election as standby
        awaitOneActive(deadline);
        return new Round(took, phases.since(kind.name(), logs, killWall)); // the lines are all written by now
    }

    /**
     * SIGSTOP of the active master and its controller together (a frozen host): the time until the other master
     * reports active, which cannot be earlier than the frozen controller's ZooKeeper session expiring.
     */
    Duration freezeActiveHost(Duration deadline, Duration settle) throws Exception {
        String active = awaitOneActive(deadline);
        String other = otherThan(active);
        long t0 = System.nanoTime();
        controllers.get(active).suspend();
        masters.get(active).suspend();
        awaitActive(other, deadline);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        masters.get(active).resume();
        controllers.get(active).resume();
        Thread.sleep(settle.toMillis());
        awaitOneActive(deadline);
        return took;
    }

    /**
     * The active's controller cut from ZooKeeper (its proxy black-holes both ways; the controller and its master keep
     * running): the time until the other master reports active, which cannot be earlier than the cut controller's
     * session expiring. The cut heals after the round.
     */
    Duration cutActiveController(Duration deadline, Duration settle) throws Exception {
        if (!viaProxies) {
            throw new IllegalStateException("the " + kind.name() + " pair was started without proxies: no cut rounds");
        }
        String active = awaitOneActive(deadline);
        String other = otherThan(active);
        long t0 = System.nanoTime();
        proxies.get(active).mode(TcpProxy.Mode.BLACKHOLE);
        awaitActive(other, deadline);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        proxies.get(active).mode(TcpProxy.Mode.PASS);
        Thread.sleep(settle.toMillis());
        awaitOneActive(deadline);
        return took;
    }

    /** Split brain the ledger shows: writes by a deposed active, one epoch held by two masters. */
    List<String> violations() {
        return ledger.violations();
    }

    private String otherThan(String nn) {
        return NODES.get(0).equals(nn) ? NODES.get(1) : NODES.get(0);
    }

    private String awaitOneActive(Duration deadline) throws TimeoutException, InterruptedException {
        Await.until(() -> NODES.stream().filter(this::isActive).count() == 1, deadline,
                "exactly one active master of the " + kind.name() + " pair");
        return NODES.stream().filter(this::isActive).findFirst().orElseThrow();
    }

    private void awaitActive(String nn, Duration deadline) throws TimeoutException, InterruptedException {
        Await.everyPoll(() -> isActive(nn), POLL, deadline, nn + " of the " + kind.name() + " pair to become active (see " + dir + ")");
    }

    private boolean isActive(String nn) {
        try {
            // the observer uses the controllers' own client (HttpCall): it adds the least to either side's figure
            HttpCall.Response r = HttpCall.send("GET", URI.create("http://127.0.0.1:" + masterPorts.get(nn) + "/ha/state"),
                    Duration.ofMillis(500));
            return r.body().contains("\"active\"");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
        started.clear();
        proxies.values().forEach(TcpProxy::close);
    }
}
