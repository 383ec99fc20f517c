package io.hakeeper.rm;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.election.ElectorState;
import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.SessionExpirer;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.testkit.SplitBrainChecker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two embedded electors on one real ZooKeeper: recovery, a deposed active shut out of the store, bad starts. */
class RmElectorIT {
    TestingServer zk;
    final List<AutoCloseable> open = new ArrayList<>();
    final SplitBrainChecker checker = SplitBrainChecker.inMemory();

    /** A host that records what it is told. */
    final class Host implements RmListener {
        final String id;
        final AtomicReference<RmStateStore> store = new AtomicReference<>();
        final AtomicReference<RmState> recovered = new AtomicReference<>();
        volatile long epoch = -1;
        final AtomicInteger activations = new AtomicInteger();
        final AtomicReference<String> fatal = new AtomicReference<>();

        Host(String id) {
            this.id = id;
        }

        @Override
        public void becomeActive(long epoch, long rmEpoch, RmStateStore store, RmState recovered) {
            this.epoch = epoch;
            this.store.set(store);
            this.recovered.set(recovered);
            activations.incrementAndGet();
            checker.acquired(id, epoch);
        }

        @Override
        public void becomeStandby() {
            epoch = -1;
        }

        @Override
        public void fatal(String reason, Throwable cause) {
            fatal.set(reason);
        }

        /** Stores an application through the store it was handed; the ledger records it only if it landed. */
        void submit(String appId) throws Exception {
            long e = epoch;
            store.get().storeApplication(appId, ("by " + id).getBytes(StandardCharsets.UTF_8));
            checker.wrote(id, e, appId);
        }
    }

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        zk.close();
        checker.assertNoSplitBrain();
    }

    CuratorFramework client() throws Exception {
        CuratorFramework c = ZkSettings.builder(zk.getConnectString()).sessionTimeout(Duration.ofSeconds(4)).build().connect();
        open.add(c);
        return c;
    }

    RmElector elector(CuratorFramework client, String cluster, Host host) {
        RmElector e = new RmElector(client, RmElector.DEFAULT_BASE, cluster, host.id, StoreSettings.defaults(), host);
        open.add(e);
        return e;
    }

    /**
     * An RM that loses its term and wins the next one: the store it was handed in the first term must refuse writes,
     * or work decided on the old term's state lands in the new one (the chaos lab found it, seed 6). Fenced on the
     * live term, the old store's write passes.
     */
    @Test
    void aStoreOfAnEarlierTermRefusesWritesAfterTheSameRmWinsAgain() throws Exception {
        Host a = new Host("rm1");
        CuratorFramework aClient = client();
        RmElector ea = elector(aClient, "cluster1", a);
        ea.start();
        Await.until(() -> ea.state() == ElectorState.ACTIVE && a.store.get() != null, Duration.ofSeconds(20), "rm1 active");
        RmStateStore firstTermStore = a.store.get();
        long firstEpoch = a.epoch;
        firstTermStore.storeApplication(RmStateStoreIT.app(1), "first term".getBytes(StandardCharsets.UTF_8));
        SessionExpirer.expire(aClient, Duration.ofSeconds(10));
        Await.until(() -> a.activations.get() == 2 && a.epoch > firstEpoch, Duration.ofSeconds(30), "rm1 active again, in a later term");
        assertThrows(FencedException.class, () -> firstTermStore.storeApplication(RmStateStoreIT.app(2),
                "decided in the first term".getBytes(StandardCharsets.UTF_8)));
        a.store.get().storeApplication(RmStateStoreIT.app(3), "second term".getBytes(StandardCharsets.UTF_8));
        assertNull(aClient.checkExists().forPath(StoreSettings.defaults().layout().appPath(RmStateStoreIT.app(2), 0)));
    }

    @Test
    void theNewActiveRecoversEverythingAndTheDeposedOneCannotWrite() throws Exception {
        Host a = new Host("rm1");
        Host b = new Host("rm2");
        CuratorFramework aClient = client();
        RmElector ea = elector(aClient, "cluster1", a);
        ea.start();
        Await.until(() -> ea.state() == ElectorState.ACTIVE, Duration.ofSeconds(20), "rm1 active");
        RmElector eb = elector(client(), "cluster1", b);
        eb.start();
        Await.until(() -> eb.state() == ElectorState.STANDBY, Duration.ofSeconds(20), "rm2 standby");
        for (int i = 1; i <= 5; i++) {
            a.submit(RmStateStoreIT.app(i));
        }
        RmStateStore aStore = a.store.get();
        for (int i = 1; i <= 5; i++) {
            aStore.storeAttempt(RmStateStoreIT.app(i), RmStateStoreIT.attempt(i, 1), ("attempt " + i).getBytes(StandardCharsets.UTF_8));
        }
        aStore.updateAttempt(RmStateStoreIT.app(2), RmStateStoreIT.attempt(2, 1), "finished".getBytes(StandardCharsets.UTF_8));
        aStore.storeToken(1, "tok".getBytes(StandardCharsets.UTF_8));
        aStore.storeMasterKey(4, "key".getBytes(StandardCharsets.UTF_8));
        aStore.storeAmrmTokenState("amrm".getBytes(StandardCharsets.UTF_8));
        RmState stored = aStore.loadState(Duration.ofSeconds(10));
        RmStateStore deposedStore = a.store.get();
        long deposedEpoch = a.epoch;

        SessionExpirer.expire(aClient, Duration.ofSeconds(10));
        Await.until(() -> eb.state() == ElectorState.ACTIVE && b.recovered.get() != null, Duration.ofSeconds(20), "rm2 active");
        assertEquals(5, b.recovered.get().applications().size(), "every application recovered");
        assertEquals(describe(stored), describe(b.recovered.get()), "recovered exactly as stored");
        assertEquals(1, b.recovered.get().sequenceNumber());
        assertTrue(b.recovered.get().epoch() >= 2, "the store epoch went up with each activation: " + b.recovered.get().epoch());
        assertTrue(b.epoch > deposedEpoch, "the fencing token went up");

        for (int i = 6; i <= 8; i++) {
            String app = RmStateStoreIT.app(i);
            Exception refused = assertThrows(Exception.class, () -> deposedStore.storeApplication(app, new byte[] {1}));
            assertTrue(refused instanceof FencedException, "refused as fenced, got " + refused);
        }
        b.submit(RmStateStoreIT.app(9));
        RmState now = b.store.get().loadState(Duration.ofSeconds(10));
        assertEquals(6, now.applications().size(), "nothing of the deposed active landed: " + now.applications().keySet());
    }

    /** Everything in a state as text, byte values included, so two states compare in one assertion. */
    static String describe(RmState s) {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeMap<>(s.applications()).forEach((id, app) -> {
            sb.append(id).append('=').append(java.util.Arrays.toString(app.state())).append('\n');
            new java.util.TreeMap<>(app.attempts()).forEach((at, v) -> sb.append("  ").append(at).append('=')
                    .append(java.util.Arrays.toString(v)).append('\n'));
        });
        new java.util.TreeMap<>(s.tokens()).forEach((k, v) -> sb.append("token ").append(k).append('=').append(java.util.Arrays.toString(v)).append('\n'));
        new java.util.TreeMap<>(s.masterKeys()).forEach((k, v) -> sb.append("key ").append(k).append('=').append(java.util.Arrays.toString(v)).append('\n'));
        sb.append("seq ").append(s.sequenceNumber()).append(" amrm ").append(java.util.Arrays.toString(s.amrmTokenState()));
        return sb.toString();
    }

    @Test
    void aLockOfAnotherClusterIsRefused() throws Exception {
        // an RM of cluster-a whose lock sits where cluster-b's RMs look: a base path or cluster id set wrong
        CuratorFramework other = client();
        other.create().creatingParentsIfNeeded().withMode(org.apache.zookeeper.CreateMode.EPHEMERAL)
                .forPath("/yarn-leader-election/cluster-b/ActiveStandbyElectorLock", new ActiveRmInfo("cluster-a", "rmX").encode());
        Host b = new Host("rm1");
        RmElector eb = elector(client(), "cluster-b", b);
        HakeeperException refused = assertThrows(HakeeperException.class, eb::start);
        assertTrue(refused.getMessage().contains("cluster-a") && refused.getMessage().contains("yarn.resourcemanager.cluster-id"),
                refused.getMessage());
        assertEquals(0, b.activations.get());
    }

    @Test
    void aStoreErrorWhileBecomingActiveStepsBackAndRetriesWithoutCrashing() throws Exception {
        CuratorFramework admin = client();
        new RmStateStore(admin, StoreSettings.defaults(), RmStateStore.unfenced(admin)).open();
        admin.create().forPath(StoreSettings.defaults().layout().epoch(), "not an epoch".getBytes(StandardCharsets.UTF_8));
        Host a = new Host("rm1");
        RmElector ea = elector(client(), "cluster1", a);
        ea.start();
        Thread.sleep(2500); // several attempts, each refused by the corrupt epoch node
        assertEquals(0, a.activations.get(), "never active on a store it cannot read");
        assertNull(a.fatal.get(), "a store error is not fatal: it retries");
        assertNotEquals(ElectorState.ACTIVE, ea.state());
        admin.delete().forPath(StoreSettings.defaults().layout().epoch());
        Await.until(() -> ea.state() == ElectorState.ACTIVE, Duration.ofSeconds(20), "active once the store is readable");
        assertEquals(1, a.activations.get());
    }
}
