package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.election.Term;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.kafka.KafkaPayloads.PartitionState;
import io.hakeeper.testkit.SplitBrainChecker;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * Hole: the controller's offices read "the current term" at write time (a supplier of the live epoch version), so a
 * tick of term N still running when the same broker lost and won again (term N+1) wrote under N+1's check. An office
 * now holds the term it was opened for: once N+1 began, every write of N's office fails at ZooKeeper, the single
 * multis and the bulk partition-state writes alike, while N+1's office writes. The split-brain checker judges the
 * partition writes (a write of epoch N landing after N+1 acquired is a violation).
 */
class ControllerOfficeIT {
    static final TopicPartition TP = new TopicPartition("t", 0);

    @Test
    void anOfficeOfTermNCannotWriteOnceTermNPlusOneBeganOnTheSameBroker() throws Exception {
        SplitBrainChecker ledger = SplitBrainChecker.inMemory();
        try (TestingServer server = new TestingServer(true);
             CuratorFramework client = ZkSettings.builder(server.getConnectString()).build().connect()) {
            client.create().forPath(KafkaZnodes.CONTROLLER_EPOCH, KafkaPayloads.controllerEpoch(0));
            client.create().creatingParentsIfNeeded().forPath(KafkaZnodes.partitionState(TP),
                    KafkaPayloads.partitionState(new PartitionState(1, 0, 0, List.of(1, 2), false)));
            client.create().forPath("/resource", "v0".getBytes());
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();

            Term n = begin(client, 1);
            ledger.acquired("broker1", n.token());
            ControllerOffice officeN = office(zk, n, ledger);
            officeN.fenced(List.of(Op.setData("/resource", "term 1".getBytes(), -1)));
            write(officeN, new PartitionState(1, 1, 1, List.of(1, 2), false), 0);

            Term next = begin(client, 2); // the same broker (same session) lost and won again
            ledger.acquired("broker1", next.token());
            ControllerOffice officeNext = office(zk, next, ledger);

            // the tick of term 1, still running, decides and writes now
            assertThrows(FencedException.class, () -> officeN.fenced(List.of(Op.setData("/resource", "stale".getBytes(), -1))));
            assertThrows(FencedException.class, () -> write(officeN, new PartitionState(2, 2, 1, List.of(2), false), 1));
            assertThrows(FencedException.class, () -> officeN.fencedBulk(List.of(Op.delete("/resource", -1))));
            assertArrayEquals("term 1".getBytes(), client.getData().forPath("/resource"), "nothing of term 1 landed");
            Stat st = new Stat();
            PartitionState now = KafkaPayloads.parsePartitionState(KafkaZnodes.partitionState(TP),
                    client.getData().storingStatIn(st).forPath(KafkaZnodes.partitionState(TP)));
            assertEquals(1, now.leaderEpoch(), "the partition state is term 1's last landed write");

            write(officeNext, new PartitionState(2, 2, 2, List.of(2), false), st.getVersion());
            officeNext.fenced(List.of(Op.setData("/resource", "term 2".getBytes(), -1)));
            assertArrayEquals("term 2".getBytes(), client.getData().forPath("/resource"));
        }
        ledger.assertNoSplitBrain();
        assertTrue(ledger.writes() >= 2, "the checker judged partition writes of both terms");
    }

    /** What the controller election does to begin a term: move /controller_epoch on. */
    private static Term begin(CuratorFramework client, int epoch) throws Exception {
        Stat s = client.setData().forPath(KafkaZnodes.CONTROLLER_EPOCH, KafkaPayloads.controllerEpoch(epoch));
        return new Term(KafkaZnodes.CONTROLLER_EPOCH, s.getVersion(), epoch, "broker 1");
    }

    private static ControllerOffice office(ZooKeeper zk, Term term, SplitBrainChecker ledger) {
        PartitionStateWriter writer = new PartitionStateWriter(zk, term, (tp, id, s) -> ledger.wrote("broker1",
                term.token(), SplitBrainChecker.partitionWrite(tp.topic() + "@-", tp.partition(), s.leaderEpoch(), s.leader())),
                Duration.ofSeconds(10));
        return new ControllerOffice(zk, term, writer, new PartitionStateLoader(zk, Duration.ofSeconds(10)), e -> { });
    }

    private static void write(ControllerOffice office, PartitionState state, int expectedVersion) throws Exception {
        assertEquals(java.util.Set.of(), office.writer.write(List.of(PartitionStateWriter.Change.update(TP, state, expectedVersion)),
                office.ctx), "the change landed");
    }
}
