package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.zkfc.target.ServiceTarget;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Hole 7's second path (issue 21): a connection that dropped and came back in the same session while active re-ran
 * the activation with a new epoch; the old epoch's renewal, seeing its epoch gone, stopped "the" renewal, which by
 * then was the new epoch's: the master's lease ran out with no renewal and the controller stayed ACTIVE. A renewal
 * now stops only itself, and a new epoch's start cancels the old epoch's first.
 */
class MasterLeaseRenewerTest {
    /** A master that only records the renewals it gets, by epoch. */
    static final class RecordingMaster implements ServiceTarget {
        final List<Long> renewals = new CopyOnWriteArrayList<>();

        @Override
        public State state(Duration timeout) {
            return State.ACTIVE;
        }

        @Override
        public void transitionToActive(long epoch, Duration timeout) {
        }

        @Override
        public void transitionToStandby(Duration timeout) {
        }

        @Override
        public void renewActive(long epoch, Duration lease, Duration timeout) {
            renewals.add(epoch);
        }

        @Override
        public String describe() {
            return "recording master";
        }

        long count(long epoch) {
            return renewals.stream().filter(e -> e == epoch).count();
        }
    }

    @Test
    void aNewEpochsRenewalOutlivesTheOldEpochsWhateverTheOrder() throws Exception {
        RecordingMaster master = new RecordingMaster();
        AtomicLong held = new AtomicLong(1);
        Duration lease = Duration.ofMillis(300); // a renewal every 100 ms
        try (MasterLeaseRenewer renewer = new MasterLeaseRenewer("nn1", master, Duration.ofMillis(100),
                epoch -> epoch == held.get(), () -> Duration.ofSeconds(10), Duration.ofMillis(100), (e, why) -> { })) {
            renewer.start(1, lease);
            awaitCount(master, 1, 2);

            // the reconnection: the elector holds epoch 2 now, and the activation for it starts epoch 2's renewal
            held.set(2);
            renewer.start(2, lease);
            long epoch1Then = master.count(1);
            awaitCount(master, 2, 5); // half a second later epoch 2 is still renewed
            assertTrue(master.count(1) <= epoch1Then + 1, "epoch 1's renewal stopped: " + master.renewals);

            // and when the old epoch's renewal sees its epoch gone before the new one starts, it stops only itself
            held.set(3);
            Thread.sleep(250);
            renewer.start(3, lease);
            awaitCount(master, 3, 5);
        }
    }

    private static void awaitCount(RecordingMaster master, long epoch, int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (master.count(epoch) < n) {
            if (System.nanoTime() > end) {
                fail("epoch " + epoch + " renewed " + master.count(epoch) + " times, not " + n + ": " + master.renewals);
            }
            Thread.sleep(20);
        }
    }
}
