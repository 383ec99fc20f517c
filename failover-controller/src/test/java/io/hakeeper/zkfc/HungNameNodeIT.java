package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.config.ConfigFiles;
import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.testkit.SplitBrainChecker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolClientSideTranslatorPB;
import org.apache.hadoop.net.NetUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real NameNode processes (Hadoop's own NameNode main, shared edits on local disk) with one of our controllers
 * each. The active NameNode is stopped (SIGSTOP: alive, holding its port, answering nothing): its controller's
 * monitorHealth times out at {@code ha.health-monitor.rpc-timeout.ms} and it quits the election; the other
 * controller's graceful fence times out too, so the configured fencing method (kill -9, as sshfence would) ends the
 * hung NameNode, and the other NameNode becomes active.
 */
class HungNameNodeIT {
    private static final String NS = "ns1";
    private static final List<String> NODES = List.of("nn1", "nn2");
    private static final int RPC_TIMEOUT_MS = 2000;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aStoppedActiveNameNodeTimesOutIsFencedAndTheOtherTakesOver() throws Exception {
        int[] ports = FreePorts.reserve(8);
        Map<String, JavaProcess> nameNodes = new LinkedHashMap<>();
        List<ZkfcController> controllers = new ArrayList<>();
        TestingServer zk = new TestingServer(true);
        try {
            Configuration site = new Configuration(false);
            site.set("fs.defaultFS", "hdfs://" + NS);
            site.set("hadoop.tmp.dir", dir.resolve("tmp").toString());
            site.set("dfs.nameservices", NS);
            site.set("dfs.ha.namenodes." + NS, "nn1,nn2");
            site.set("dfs.namenode.shared.edits.dir", dir.resolve("shared").toUri().toString());
            site.set("dfs.ha.automatic-failover.enabled", "true");
            site.set("dfs.permissions.enabled", "false");
            site.set("ha.zookeeper.quorum", "127.0.0.1:" + zk.getPort());
            site.set("ha.zookeeper.session-timeout.ms", "4000");
            site.set("ha.health-monitor.check-interval.ms", "300");
            site.set("ha.health-monitor.rpc-timeout.ms", Integer.toString(RPC_TIMEOUT_MS));
            site.set("ha.failover-controller.graceful-fence.rpc-timeout.ms", "1000");
            site.set("dfs.ha.fencing.methods", "shell(kill -9 $(cat " + dir + "/$target_namenodeid.pid))");
            for (int i = 0; i < NODES.size(); i++) {
                String nn = NODES.get(i);
                site.set("dfs.namenode.rpc-address." + NS + "." + nn, "127.0.0.1:" + ports[i]);
                site.set("dfs.namenode.http-address." + NS + "." + nn, "127.0.0.1:" + ports[2 + i]);
                site.set("dfs.ha.zkfc.port." + NS + "." + nn, Integer.toString(ports[4 + i]));
                site.set("hakeeper.admin.port." + NS + "." + nn, Integer.toString(ports[6 + i]));
            }
            Path siteFile = HaMiniCluster.write(dir.resolve("hdfs-site.xml"), site);

            // format nn1 (and the shared edits) with Hadoop's own command, then give nn2 a copy, as bootstrapStandby does
            JavaProcess format = nameNode("nn1", siteFile, "-format", "-force", "-nonInteractive");
            assertTrue(format.start().waitForExit(DEADLINE), "namenode -format finished");
            assertEquals(0, format.exitValue(), "namenode -format; see " + format.logFile());
            copyTree(dir.resolve("name-nn1"), dir.resolve("name-nn2"));
            for (String nn : NODES) {
                JavaProcess p = nameNode(nn, siteFile);
                nameNodes.put(nn, p);
                p.start();
                Files.writeString(dir.resolve(nn + ".pid"), Long.toString(p.pid()));
            }
            for (String nn : NODES) {
                Await.until(() -> state(site, nn) == HAServiceState.STANDBY, DEADLINE, nn + " up as a standby");
            }

            ZkfcMain.run(new String[] {"--config", siteFile.toString(), "--node", "nn1", "-formatZK", "-nonInteractive"});
            for (String nn : NODES) {
                ZkfcController c = new ZkfcController(ZkfcSettings.from(ConfigFiles.read(List.of(siteFile)), null, nn));
                controllers.add(c);
                c.start();
            }
            SplitBrainChecker checker = SplitBrainChecker.inMemory();
            Await.until(() -> NODES.stream().filter(nn -> state(site, nn) == HAServiceState.ACTIVE).count() == 1,
                    DEADLINE, "one active NameNode");
            String active = state(site, "nn1") == HAServiceState.ACTIVE ? "nn1" : "nn2";
            String other = active.equals("nn1") ? "nn2" : "nn1";
            ZkfcController activesController = controllers.get(NODES.indexOf(active));

            try (NameNodeStateWatch watch = new NameNodeStateWatch(NODES,
                    nn -> state(site, nn) == HAServiceState.ACTIVE, checker).start()) {
                nameNodes.get(active).suspend();
                long stopped = System.nanoTime();
                AtomicReference<String> why = new AtomicReference<>();
                Await.until(() -> {
                    ZkfcController.Status s = activesController.status();
                    why.set(s.healthReason()); // as first seen: once fenced (killed), the reason is a refused connection
                    return s.health().equals("SERVICE_NOT_RESPONDING");
                }, DEADLINE, active + "'s controller to see it not responding");
                long noticedMs = (System.nanoTime() - stopped) / 1_000_000;
                Await.until(() -> state(site, other) == HAServiceState.ACTIVE, DEADLINE, other + " to take over");

                assertTrue(noticedMs >= RPC_TIMEOUT_MS, "the health check waited out its RPC timeout: " + noticedMs + " ms");
                assertTrue(why.get().contains("Timeout"), "a timeout, not a refused connection: " + why.get());
                assertTrue(nameNodes.get(active).waitForExit(Duration.ofSeconds(10)), "the hung " + active + " was fenced (killed)");
                assertFalse(activesController.status().masterActive(), active + "'s controller left the active role");
                Thread.sleep(1000);
                assertTrue(watch.rounds() > 10, "the watch looked");
            }
            checker.assertNoSplitBrain();
            assertEquals(List.of(), SharedEditsLog.problems(dir.resolve("shared").resolve("current")),
                    "the shared edit log has one writer at a time");
        } finally { // the controllers before ZooKeeper: closing against a gone server waits out Curator's retries
            controllers.forEach(ZkfcController::close);
            nameNodes.values().forEach(JavaProcess::close);
            zk.close();
        }
    }

    /** Hadoop's NameNode main for {@code nn}: the shared site file plus its own id and name dir, as -D options. */
    private JavaProcess nameNode(String nn, Path siteFile, String... args) {
        List<String> argv = new ArrayList<>(List.of("-conf", siteFile.toString(), "-D", "dfs.ha.namenode.id=" + nn,
                "-D", "dfs.namenode.name.dir=" + dir.resolve("name-" + nn).toUri()));
        argv.addAll(List.of(args));
        String name = args.length == 0 ? nn : nn + "-format";
        return JavaProcess.of(name, "org.apache.hadoop.hdfs.server.namenode.NameNode", List.of("-Xmx256m"), argv,
                dir.resolve(name + ".log"));
    }

    /** The NameNode's state as its HAServiceProtocol reports it within 500 ms; null when it does not answer. */
    private static HAServiceState state(Configuration site, String nn) {
        InetSocketAddress address = NetUtils.createSocketAddr(site.get("dfs.namenode.rpc-address." + NS + "." + nn));
        Configuration c = new Configuration(site);
        c.setInt("ipc.client.connect.max.retries", 0);
        c.setInt("ipc.client.connect.max.retries.on.timeouts", 0);
        c.setInt("ipc.client.connect.timeout", 500);
        try (var proxy = new HAServiceProtocolClientSideTranslatorPB(address, c, NetUtils.getDefaultSocketFactory(c), 500)) {
            return proxy.getServiceStatus().getState();
        } catch (Exception e) {
            return null;
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
