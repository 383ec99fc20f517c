package io.hakeeper.testkit;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitBrainCheckerTest {
    @Test
    void aCleanFailoverHasNoViolations() {
        SplitBrainChecker c = SplitBrainChecker.inMemory();
        c.acquired("nn1", 1);
        c.wrote("nn1", 1, "a");
        c.acquired("nn2", 2);
        c.wrote("nn2", 2, "b");
        assertEquals(List.of(), c.violations());
        assertEquals(2, c.writes());
        c.assertNoSplitBrain();
    }

    @Test
    void aDeposedActiveWritingIsCaught() {
        SplitBrainChecker c = SplitBrainChecker.inMemory();
        c.acquired("nn1", 1);
        c.acquired("nn2", 2);
        c.wrote("nn1", 1, "zombie write");
        List<String> v = c.violations();
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).startsWith("stale write: nn1 acted with epoch 1 after epoch 2 of nn2"), v.get(0));
        assertThrows(AssertionError.class, c::assertNoSplitBrain);
    }

    @Test
    void twoHoldersOfOneEpochAndUnacquiredEpochsAreCaught() {
        SplitBrainChecker c = SplitBrainChecker.inMemory();
        c.acquired("a", 5);
        c.acquired("b", 5);
        c.wrote("c", 5, "x");
        List<String> v = c.violations();
        assertTrue(v.contains("epoch 5 claimed by both a and b"), v.toString());
        assertTrue(v.stream().anyMatch(s -> s.startsWith("c wrote with epoch 5 it never acquired")), v.toString());
    }

    @Test
    void aPartitionWithTwoLeadersInOneLeaderEpochIsCaught() {
        SplitBrainChecker c = SplitBrainChecker.inMemory();
        c.acquired("broker1", 1);
        c.wrote("broker1", 1, SplitBrainChecker.partitionWrite("t@id1", 0, 0, 1));
        c.wrote("broker1", 1, SplitBrainChecker.partitionWrite("t@id1", 0, 1, 2)); // a new epoch, a new leader: fine
        c.wrote("broker1", 1, SplitBrainChecker.partitionWrite("t@id2", 0, 0, 3)); // the topic made again: fine
        assertEquals(List.of(), c.violations());
        c.wrote("broker1", 1, SplitBrainChecker.partitionWrite("t@id1", 0, 1, 3));
        assertEquals(1, c.violations().size(), c.violations().toString());
        assertTrue(c.violations().get(0).contains("partition t@id1-0 had two leaders in leader epoch 1: 2 and 3"), c.violations().toString());
    }

    @Test
    void aFileLedgerIsSharedAndOrdered(@TempDir Path dir) throws Exception {
        Path ledger = dir.resolve("ledger");
        SplitBrainChecker first = SplitBrainChecker.atFile(ledger);
        SplitBrainChecker second = SplitBrainChecker.atFile(ledger);
        first.acquired("w1", 1);
        CountDownLatch go = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < 200; i++) {
                first.wrote("w1", 1, "n" + i);
            }
        });
        t.start();
        go.countDown();
        for (int i = 0; i < 200; i++) {
            second.wrote("w1", 1, "m" + i);
        }
        t.join();
        assertEquals(400, second.writes(), "no record lost or torn");
        second.acquired("w2", 2);
        first.wrote("w1", 1, "late");
        assertEquals(1, SplitBrainChecker.atFile(ledger).violations().size());
    }
}
