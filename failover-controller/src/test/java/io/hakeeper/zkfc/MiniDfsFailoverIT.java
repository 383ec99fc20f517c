package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.SessionExpirer;
import io.hakeeper.testkit.SplitBrainChecker;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.ha.ActiveStandbyElector;
import org.apache.hadoop.ha.HAServiceProtocol.RequestSource;
import org.apache.hadoop.ha.HAServiceProtocol.StateChangeRequestInfo;
import org.apache.hadoop.ha.HAServiceProtocolHelper;
import org.apache.hadoop.ha.ServiceFailedException;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolClientSideTranslatorPB;
import org.apache.hadoop.hdfs.server.namenode.ha.proto.HAZKInfoProtos;
import org.apache.hadoop.hdfs.tools.DFSHAAdmin;
import org.apache.hadoop.shaded.org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Our controllers beside real NameNodes (Hadoop's MiniDFSCluster: nn1 and nn2 on shared edits, automatic failover
 * on), driving them over HAServiceProtocol. Every test runs a split-brain watch over the NameNodes' own states.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniDfsFailoverIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final StateChangeRequestInfo BY_ZKFC = new StateChangeRequestInfo(RequestSource.REQUEST_BY_ZKFC);

    private Path dir;
    private TestingServer zk;
    private HaMiniCluster hdfs;
    private Path fencedLog;
    private final List<ZkfcController> controllers = new ArrayList<>();
    private SplitBrainChecker checker;
    private NameNodeStateWatch watch;

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "minidfs-");
        zk = new TestingServer(true);
        fencedLog = dir.resolve("fenced.log");
        hdfs = new HaMiniCluster(dir, "127.0.0.1:" + zk.getPort(), Map.of(
                "dfs.ha.fencing.methods", "shell(echo $target_namenodeid >> " + fencedLog + ")",
                "ha.health-monitor.rpc-timeout.ms", "3000"));
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (hdfs != null) {
            hdfs.close();
        }
        if (zk != null) {
            zk.close();
        }
    }

    @BeforeEach
    void format() throws Exception {
        hdfs.formatZk();
        Files.deleteIfExists(fencedLog);
        checker = SplitBrainChecker.inMemory();
        watch = new NameNodeStateWatch(HaMiniCluster.NODES, hdfs::isActive, checker).start();
    }

    @AfterEach
    void stopControllersAndJudge() throws Exception {
        watch.close();
        controllers.forEach(ZkfcController::close);
        controllers.clear();
        for (String nn : HaMiniCluster.NODES) { // the next test starts from two standbys, as after a cluster restart
            if (hdfs.nameNode(nn) != null) {
                try (var proxy = proxy(nn)) {
                    HAServiceProtocolHelper.transitionToStandby(proxy, BY_ZKFC);
                }
            }
        }
        assertTrue(watch.rounds() > 10, "the watch looked");
        checker.assertNoSplitBrain();
        assertEquals(List.of(), SharedEditsLog.problems(Path.of(hdfs.cluster.getSharedEditsDir(0, 1)).resolve("current")),
                "the shared edit log has one writer at a time");
    }

    @Test
    @Order(1)
    void hadoopsActiveStandbyElectorAndOurControllerShareOneElectionAndFenceEachOther() throws Exception {
        ZkfcController ours = start("nn1");
        Await.until(() -> hdfs.isActive("nn1"), DEADLINE, "our controller to make nn1 active");

        HadoopZkfcSide hadoop = new HadoopZkfcSide("nn2");
        ActiveStandbyElector elector = new ActiveStandbyElector("127.0.0.1:" + zk.getPort(), 4000, "/hadoop-ha/" + HaMiniCluster.NS,
                ZooDefs.Ids.OPEN_ACL_UNSAFE, List.of(), hadoop, 3, null);
        try {
            elector.joinElection(hadoop.info().toByteArray());
            Await.until(() -> hadoop.calls.contains("becomeStandby"), DEADLINE, "Hadoop's elector to lose to ours");

            // our side crashes (its session expires, its breadcrumb stays): Hadoop's fences nn1 through it
            SessionExpirer.expire(ours.zkClient(), DEADLINE);
            Await.until(() -> hdfs.isActive("nn2"), DEADLINE, "Hadoop's side to make nn2 active");
            assertEquals(List.of("nn1"), hadoop.fenced, "Hadoop's elector read our breadcrumb with Hadoop's proto and fenced nn1");
            assertFalse(hdfs.isActive("nn1"));

            // then Hadoop's side crashes: ours reads Hadoop's breadcrumb and fences nn2 (gracefully: nn2 still answers)
            Await.until(() -> ours.elector().state() == io.hakeeper.core.election.ElectorState.STANDBY, DEADLINE,
                    "our controller back in the election as a standby");
            int callsBefore = hadoop.calls.size();
            elector.terminateConnection();
            Await.until(() -> hdfs.isActive("nn1"), DEADLINE, "our controller to make nn1 active again");
            assertFalse(hdfs.isActive("nn2"), "nn2 fenced by our controller");
            assertEquals(callsBefore, hadoop.calls.size(), "nn2 went standby by our fencing, not by its own elector");
            assertFalse(Files.exists(fencedLog), "the graceful fence sufficed: no fencing method ran");
        } finally {
            elector.terminateConnection();
        }
    }

    @Test
    @Order(2)
    void hadoopsHaAdminFailsOverThroughOurControllersGracefully() throws Exception {
        String active = startBothAndAwaitOneActive();
        String other = active.equals("nn1") ? "nn2" : "nn1";

        DFSHAAdmin haadmin = new DFSHAAdmin();
        haadmin.setConf(hdfs.conf);
        assertEquals(0, haadmin.run(new String[] {"-failover", active, other}), "haadmin -failover " + active + " " + other);

        assertTrue(hdfs.isActive(other), other + " active after haadmin -failover");
        assertFalse(hdfs.isActive(active), active + " standby");
        assertFalse(Files.exists(fencedLog), "a graceful failover fences nobody");
        // and back, to show the old active's controller rejoined the election
        assertEquals(0, haadmin.run(new String[] {"-failover", other, active}));
        assertTrue(hdfs.isActive(active));
        assertFalse(Files.exists(fencedLog));
    }

    @Test
    @Order(3)
    void shuttingDownTheActiveFailsOverAndLosesNoAcknowledgedWrite() throws Exception {
        String active = startBothAndAwaitOneActive();
        String other = active.equals("nn1") ? "nn2" : "nn1";
        try (AckedWriter writer = new AckedWriter(hdfs.conf).start()) {
            Await.until(() -> writer.acked() >= 20, DEADLINE, "20 acknowledged files before the failover");

            hdfs.cluster.shutdownNameNode(HaMiniCluster.NODES.indexOf(active));
            int ackedAtShutdown = writer.acked();
            Await.until(() -> hdfs.isActive(other), DEADLINE, other + " to take over");
            Await.until(() -> writer.acked() >= ackedAtShutdown + 20, DEADLINE, "20 more acknowledged files through " + other);
            writer.stop();
            assertEquals(List.of(), writer.missingOrWrong(), "every acknowledged file is there, byte for byte");
        }
        assertEquals(List.of(active), Files.readAllLines(fencedLog), "the dead NameNode was fenced once, by the method");
    }

    private ZkfcController start(String nn) throws Exception {
        ZkfcController c = hdfs.controller(nn);
        controllers.add(c);
        c.start();
        return c;
    }

    /** Both controllers; returns the NameNode they made active. */
    private String startBothAndAwaitOneActive() throws Exception {
        start("nn1");
        start("nn2");
        Await.until(() -> hdfs.isActive("nn1") != hdfs.isActive("nn2"), DEADLINE, "one active NameNode");
        return hdfs.isActive("nn1") ? "nn1" : "nn2";
    }

    private HAServiceProtocolClientSideTranslatorPB proxy(String nn) throws Exception {
        return new HAServiceProtocolClientSideTranslatorPB(hdfs.nameNode(nn).getNameNodeAddress(), hdfs.conf);
    }

    /**
     * Hadoop's ZKFC callbacks as DFSZKFailoverController has them, around Hadoop's own ActiveStandbyElector: it drives
     * its NameNode with REQUEST_BY_ZKFC and fences the old active from the breadcrumb parsed with Hadoop's proto.
     */
    private final class HadoopZkfcSide implements ActiveStandbyElector.ActiveStandbyElectorCallback {
        final String nn;
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<String> fenced = new CopyOnWriteArrayList<>();

        HadoopZkfcSide(String nn) {
            this.nn = nn;
        }

        HAZKInfoProtos.ActiveNodeInfo info() {
            InetSocketAddress rpc = hdfs.nameNode(nn).getNameNodeAddress();
            return HAZKInfoProtos.ActiveNodeInfo.newBuilder().setNameserviceId(HaMiniCluster.NS).setNamenodeId(nn)
                    .setHostname(rpc.getHostString()).setPort(rpc.getPort()).setZkfcPort(hdfs.zkfcPorts.get(nn)).build();
        }

        @Override
        public void becomeActive() throws ServiceFailedException {
            calls.add("becomeActive");
            try (var proxy = proxy(nn)) {
                HAServiceProtocolHelper.transitionToActive(proxy, BY_ZKFC);
            } catch (Exception e) {
                throw new ServiceFailedException("could not make " + nn + " active", e);
            }
        }

        @Override
        public void becomeStandby() {
            calls.add("becomeStandby");
            try (var proxy = proxy(nn)) {
                HAServiceProtocolHelper.transitionToStandby(proxy, BY_ZKFC);
            } catch (Exception e) {
                calls.add("standby failed: " + e);
            }
        }

        @Override
        public void enterNeutralMode() {
            calls.add("enterNeutralMode");
        }

        @Override
        public void notifyFatalError(String errorMessage) {
            calls.add("fatal: " + errorMessage);
        }

        @Override
        public void fenceOldActive(byte[] oldActiveData) {
            calls.add("fenceOldActive");
            try {
                HAZKInfoProtos.ActiveNodeInfo old = HAZKInfoProtos.ActiveNodeInfo.parseFrom(oldActiveData);
                try (var proxy = new HAServiceProtocolClientSideTranslatorPB(
                        new InetSocketAddress(old.getHostname(), old.getPort()), hdfs.conf)) {
                    HAServiceProtocolHelper.transitionToStandby(proxy, BY_ZKFC);
                }
                fenced.add(old.getNamenodeId());
            } catch (Exception e) {
                throw new RuntimeException("could not fence the old active", e);
            }
        }
    }
}
