package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.config.ConfigFiles;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.testkit.SplitBrainChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.ha.HAServiceProtocol.RequestSource;
import org.apache.hadoop.ha.HAServiceProtocol.StateChangeRequestInfo;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real ResourceManagers (Hadoop's MiniYARNCluster) without their own elector, each driven by one of our
 * controllers over HAServiceProtocol at its admin address: one becomes active; stop it and the other does.
 */
class ResourceManagerFailoverIT {
    private static final List<String> RMS = List.of("rm1", "rm2");
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void ourControllersMakeOneResourceManagerActiveAndFailOverWhenItStops() throws Exception {
        int[] ports = FreePorts.reserve(RMS.size() * 8);
        YarnConfiguration yarn = new YarnConfiguration();
        yarn.setBoolean("yarn.resourcemanager.ha.enabled", true);
        yarn.set("yarn.resourcemanager.ha.rm-ids", String.join(",", RMS));
        yarn.set("yarn.resourcemanager.cluster-id", "yarn1");
        // Hadoop 3.4 allows automatic failover only with the RM's own elector; without it, the RM takes transitions
        // as an operator's (REQUEST_BY_USER), which our controllers send for source=user
        yarn.setBoolean("yarn.resourcemanager.ha.automatic-failover.enabled", false);
        yarn.setBoolean("yarn.resourcemanager.recovery.enabled", false);
        // the FIFO scheduler needs no queue file (the capacity scheduler wants capacity-scheduler.xml)
        yarn.set("yarn.resourcemanager.scheduler.class",
                "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
        StringBuilder props = new StringBuilder();
        TestingServer zk = new TestingServer(true);
        props.append("ha.zookeeper.quorum=127.0.0.1:").append(zk.getPort()).append('\n')
                .append("ha.zookeeper.session-timeout.ms=4000\n")
                .append("ha.health-monitor.check-interval.ms=300\n")
                .append("dfs.ha.fencing.methods=shell(/bin/true)\n")
                .append("dfs.nameservices=yarn1\n")
                .append("dfs.ha.namenodes.yarn1=").append(String.join(",", RMS)).append('\n');
        for (int i = 0; i < RMS.size(); i++) {
            String rm = RMS.get(i);
            int p = i * 8;
            yarn.set("yarn.resourcemanager.hostname." + rm, "127.0.0.1");
            yarn.set("yarn.resourcemanager.address." + rm, "127.0.0.1:" + ports[p]);
            yarn.set("yarn.resourcemanager.scheduler.address." + rm, "127.0.0.1:" + ports[p + 1]);
            yarn.set("yarn.resourcemanager.resource-tracker.address." + rm, "127.0.0.1:" + ports[p + 2]);
            yarn.set("yarn.resourcemanager.admin.address." + rm, "127.0.0.1:" + ports[p + 3]);
            yarn.set("yarn.resourcemanager.webapp.address." + rm, "127.0.0.1:" + ports[p + 4]);
            yarn.set("yarn.resourcemanager.webapp.https.address." + rm, "127.0.0.1:" + ports[p + 5]);
            String admin = "127.0.0.1:" + ports[p + 3];
            props.append("dfs.namenode.rpc-address.yarn1.").append(rm).append('=').append(admin).append('\n')
                    .append("hakeeper.target.yarn1.").append(rm).append("=hadoop-rpc://").append(admin).append("?source=user\n")
                    .append("dfs.ha.zkfc.port.yarn1.").append(rm).append('=').append(ports[p + 6]).append('\n')
                    .append("hakeeper.admin.port.yarn1.").append(rm).append('=').append(ports[p + 7]).append('\n');
        }
        Path config = Files.writeString(dir.resolve("hakeeper.properties"), props);
        yarn.setBoolean("yarn.minicluster.fixed.ports", true); // the addresses above, not ephemeral ones
        MiniYARNCluster cluster = new MiniYARNCluster("rm-failover", RMS.size(), 0, 1, 1);
        List<ZkfcController> controllers = new ArrayList<>();
        try {
            cluster.init(yarn);
            cluster.start();
            // MiniYARNCluster makes the first ResourceManager active itself, as an operator would by hand; hand over
            // to the controllers from two standbys
            cluster.getResourceManager(0).getRMContext().getRMAdminService()
                    .transitionToStandby(new StateChangeRequestInfo(RequestSource.REQUEST_BY_USER));
            assertEquals(0, ZkfcMain.run(new String[] {"--config", config.toString(), "--node", "rm1", "-formatZK",
                    "-nonInteractive"}));
            for (String rm : RMS) {
                ZkfcController c = new ZkfcController(ZkfcSettings.from(ConfigFiles.read(List.of(config)), null, rm));
                controllers.add(c);
                c.start();
            }
            SplitBrainChecker checker = SplitBrainChecker.inMemory();
            try (NameNodeStateWatch watch = new NameNodeStateWatch(RMS, rm -> isActive(cluster, rm), checker).start()) {
                Await.until(() -> RMS.stream().filter(rm -> isActive(cluster, rm)).count() == 1, DEADLINE,
                        "one active ResourceManager");
                String active = isActive(cluster, "rm1") ? "rm1" : "rm2";
                String other = active.equals("rm1") ? "rm2" : "rm1";

                cluster.stopResourceManager(RMS.indexOf(active));
                Await.until(() -> isActive(cluster, other), DEADLINE, other + " to take over");
                Thread.sleep(500);
                assertTrue(watch.rounds() > 10, "the watch looked");
            }
            checker.assertNoSplitBrain();
        } finally {
            controllers.forEach(ZkfcController::close);
            cluster.stop();
            zk.close();
        }
    }

    /** The ResourceManager's own view of its HA state; a stopped one is not active. */
    private static boolean isActive(MiniYARNCluster cluster, String rm) {
        ResourceManager r = cluster.getResourceManager(RMS.indexOf(rm));
        return r != null && r.getServiceState() == org.apache.hadoop.service.Service.STATE.STARTED
                && r.getRMContext().getHAServiceState() == HAServiceState.ACTIVE;
    }
}
