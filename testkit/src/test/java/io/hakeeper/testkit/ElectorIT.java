package io.hakeeper.testkit;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.election.ElectorOptions;
import io.hakeeper.core.election.ElectorState;
import io.hakeeper.core.election.FencedException;
import io.hakeeper.core.election.FencedMulti;
import io.hakeeper.core.election.OutcomeUnknownException;
import io.hakeeper.core.election.Term;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.SessionExpirer;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core elector against a real server; every test runs the split-brain checker over the services it guards. */
class ElectorIT {
    static final String PARENT = "/hadoop-ha/ns";

    TestingServer server;
    SplitBrainChecker checker;
    final Map<String, Service> services = new ConcurrentHashMap<>();
    final Map<String, CuratorFramework> clients = new ConcurrentHashMap<>();
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new TestingServer(true);
        checker = SplitBrainChecker.inMemory();
    }

    @AfterEach
    void stop() throws Exception {
        services.values().forEach(Service::stopWriting);
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        server.close();
        checker.assertNoSplitBrain();
    }

    /**
     * A guarded service: while it believes it is active it keeps writing to the shared ledger with its epoch.
     * Fencing it (as a graceful fence would) makes it standby.
     */
    final class Service implements ElectorListener {
        final String name;
        final AtomicInteger fenceCalls = new AtomicInteger();
        final AtomicBoolean fencingWorks = new AtomicBoolean(true);
        /** False for a fence that reports success without reaching the old master (shell(/bin/true), a cut node). */
        final AtomicBoolean fenceReachesOld = new AtomicBoolean(true);
        volatile byte[] lastFenced;
        /** How long enterNeutral blocks the elector's loop (0: not at all). */
        final java.util.concurrent.atomic.AtomicLong neutralBlocksFor = new java.util.concurrent.atomic.AtomicLong();
        final AtomicBoolean inNeutral = new AtomicBoolean();
        volatile Elector elector;
        /** Thrown by the next becomeActive, as a JVM out of memory half way through an activation would. */
        volatile Error activationDiesOf;
        /** Set when the elector reported a fatal error; without {@link #fatalExpected} such a report fails the test. */
        final java.util.concurrent.atomic.AtomicReference<String> fatalReported = new java.util.concurrent.atomic.AtomicReference<>();
        volatile boolean fatalExpected;
        private boolean active;
        private long epoch;
        private volatile boolean writing = true;
        private final Thread writer;

        Service(String name) {
            this.name = name;
            writer = new Thread(() -> {
                while (writing) {
                    synchronized (this) {
                        // as a real service does: it acts only while the elector still vouches for its token, which
                        // the lease revokes at once even when the elector's loop is too busy to tell it
                        if (active && elector != null && elector.epoch() == epoch) {
                            checker.wrote(name, epoch, "tick");
                        }
                    }
                    sleep(5);
                }
            }, "service-" + name);
            writer.setDaemon(true);
            writer.start();
        }

        @Override
        public synchronized void becomeActive(long e) {
            Error dies = activationDiesOf;
            if (dies != null) {
                activationDiesOf = null;
                throw dies;
            }
            checker.acquired(name, e);
            epoch = e;
            active = true;
        }

        @Override
        public synchronized void becomeStandby() {
            active = false;
        }

        @Override
        public void enterNeutral() {
            long ms = neutralBlocksFor.getAndSet(0);
            if (ms > 0) {
                inNeutral.set(true);
                sleep(ms);
                inNeutral.set(false);
            }
        }

        @Override
        public void fenceOldActive(byte[] breadcrumb) throws Exception {
            fenceCalls.incrementAndGet();
            lastFenced = breadcrumb;
            if (!fencingWorks.get()) {
                throw new Exception("fencing method failed");
            }
            Service old = services.get(new String(breadcrumb, StandardCharsets.UTF_8));
            if (old != null && fenceReachesOld.get()) {
                old.becomeStandby(); // the graceful fence: tell the old master to stand down
            }
        }

        @Override
        public void fatal(String reason, Throwable cause) {
            fatalReported.set(reason);
            if (!fatalExpected) {
                fail(name + " fatal: " + reason);
            }
        }

        synchronized boolean isActive() {
            return active;
        }

        void stopWriting() {
            writing = false;
        }
    }

    Elector elector(String name, ZkSettings.Builder settings, ElectorOptions options) {
        CuratorFramework client = settings.build().connect();
        closeables.add(client);
        clients.put(name, client);
        Service service = new Service(name);
        services.put(name, service);
        Elector e = new Elector(name, client, name.getBytes(StandardCharsets.UTF_8), options, service);
        service.elector = e;
        closeables.add(e);
        e.start();
        return e;
    }

    /** a joins and becomes active; then b, configured first by {@code beforeJoining}, joins and becomes standby. */
    Elector[] activeAndStandby(java.util.function.Consumer<Service> beforeJoining) throws Exception {
        return activeThenStandby(elector("a"), beforeJoining);
    }

    /** The same, with a reaching ZooKeeper through {@code proxy} (b directly). */
    Elector[] activeThroughAndStandby(TcpProxy proxy, java.util.function.Consumer<Service> beforeJoining) throws Exception {
        return activeThenStandby(electorThrough(proxy, "a"), beforeJoining);
    }

    private Elector[] activeThenStandby(Elector a, java.util.function.Consumer<Service> beforeJoining) throws Exception {
        a.joinElection();
        Await.until(() -> a.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "a active");
        Elector b = elector("b");
        beforeJoining.accept(services.get("b"));
        b.joinElection();
        Await.until(() -> b.state() == ElectorState.STANDBY, Duration.ofSeconds(10), "b standby");
        return new Elector[] {a, b};
    }

    /** An elector with a 4 s session whose client reaches ZooKeeper through {@code proxy}. */
    Elector electorThrough(TcpProxy proxy, String name) {
        return elector(name, ZkSettings.builder(proxy.address()).sessionTimeout(Duration.ofSeconds(4))
                .connectionTimeout(Duration.ofSeconds(4)), ElectorOptions.hadoopLayout(PARENT).withCreateParents(true)
                .withRejoinBackoff(Duration.ofMillis(200)));
    }

    Elector elector(String name) {
        return elector(name, ZkSettings.builder(server.getConnectString()).sessionTimeout(Duration.ofSeconds(4)),
                ElectorOptions.hadoopLayout(PARENT).withCreateParents(true).withRejoinBackoff(Duration.ofMillis(200)));
    }

    @Test
    void oneActiveThenAGracefulHandoverWithoutFencing() throws Exception {
        Elector[] ab = activeAndStandby(service -> { });
        Elector a = ab[0];
        Elector b = ab[1];
        long epochA = a.epoch();
        assertTrue(epochA > 0);
        assertArrayEquals("a".getBytes(), a.activeData());

        a.quitElection(false, Duration.ofSeconds(10));
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "b active");
        assertEquals(0, services.get("b").fenceCalls.get(), "a graceful quit leaves nothing to fence");
        assertTrue(b.epoch() > epochA, "epochs only go up");
        assertFalse(services.get("a").isActive());
        sleep(100);
        assertTrue(checker.writes() > 0, "the services wrote, so the checker had something to judge");
    }

    @Test
    void anExpiredActiveIsFencedAndItsWritesAreRefused() throws Exception {
        Elector[] ab = activeAndStandby(service -> { });
        Elector a = ab[0];
        Elector b = ab[1];
        CuratorFramework aClient = clients.get("a");
        String resource = "/resource";
        aClient.create().forPath(resource);
        a.fencedWrite(List.of(aClient.transactionOp().setData().forPath(resource, "from a".getBytes())));

        SessionExpirer.expire(aClient, Duration.ofSeconds(10));
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(15), "b active");
        assertEquals(1, services.get("b").fenceCalls.get(), "a left its breadcrumb, so b fenced it");
        assertArrayEquals("a".getBytes(), services.get("b").lastFenced);
        Await.until(() -> a.state() == ElectorState.STANDBY, Duration.ofSeconds(15), "a back as standby");
        FencedException refused = assertThrows(FencedException.class, () -> a.fencedWrite(
                List.of(aClient.transactionOp().setData().forPath(resource, "zombie".getBytes()))));
        assertTrue(refused.getMessage().contains("not the active"), refused.getMessage());
        assertArrayEquals("from a".getBytes(), aClient.getData().forPath(resource), "nothing of the zombie landed");
    }

    @Test
    void whenFencingFailsTheStandbyDoesNotBecomeActive() throws Exception {
        Elector[] ab = activeAndStandby(service -> service.fencingWorks.set(false));
        Elector a = ab[0];
        Elector b = ab[1];

        a.quitElection(true, Duration.ofSeconds(10)); // unhealthy: breadcrumb stays, b must fence
        Await.until(() -> services.get("b").fenceCalls.get() >= 2, Duration.ofSeconds(10), "b retrying the fence");
        assertNotEquals(ElectorState.ACTIVE, b.state());
        assertFalse(services.get("b").isActive(), "no fence, no active");

        services.get("b").fencingWorks.set(true);
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "b active once fencing works");
    }

    @Test
    void aCutOffActiveDemotesItselfBeforeTheOtherCanWin() throws Exception {
        TcpProxy proxy = TcpProxy.start("127.0.0.1", server.getPort());
        closeables.add(proxy);
        ElectorOptions options = ElectorOptions.hadoopLayout(PARENT).withCreateParents(true)
                .withRejoinBackoff(Duration.ofMillis(200));
        Elector a = elector("a", ZkSettings.builder(proxy.address()).sessionTimeout(Duration.ofSeconds(4))
                .connectionTimeout(Duration.ofSeconds(4)), options);
        a.joinElection();
        Await.until(() -> a.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "a active");
        Elector b = elector("b");
        services.get("b").fenceReachesOld.set(false); // a is cut off: only a's own lease can stop it
        b.joinElection();
        Await.until(() -> b.state() == ElectorState.STANDBY, Duration.ofSeconds(10), "b standby");

        long cut = System.nanoTime();
        proxy.mode(TcpProxy.Mode.BLACKHOLE); // a's process keeps running; its packets go nowhere
        Await.until(() -> !services.get("a").isActive(), Duration.ofSeconds(10), "a's lease to lapse");
        long demotedMs = (System.nanoTime() - cut) / 1_000_000;
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(20), "b active after a's session expired");
        long bActiveMs = (System.nanoTime() - cut) / 1_000_000;
        assertTrue(demotedMs < bActiveMs, "a stood down (" + demotedMs + " ms) before b took over (" + bActiveMs + " ms)");
        assertTrue(demotedMs <= 4000 * 2 / 3 + 500, "the lease is 2/3 of the session: " + demotedMs + " ms");
        // the checker (in @AfterEach) proves no write of a's epoch came after b acquired
    }

    /**
     * Hole: a graceful quit deletes the breadcrumb (Hadoop's contract) and the next winner writes it anew at version
     * 0, so a check of the breadcrumb's version (the old guard) passes again for a frozen old active's write. The
     * term's check is on the epoch znode, which no quit deletes: the old term's write fails at ZooKeeper.
     */
    @Test
    void anOldTermNeverPassesAgainAfterTheBreadcrumbIsWrittenAnew() throws Exception {
        ElectorOptions noLease = ElectorOptions.hadoopLayout(PARENT).withCreateParents(true)
                .withRejoinBackoff(Duration.ofMillis(200)).withLease(false); // nothing but the data fence stops a zombie
        Elector a = elector("a", ZkSettings.builder(server.getConnectString()).sessionTimeout(Duration.ofSeconds(4)), noLease);
        a.joinElection();
        Await.until(() -> a.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "a active");
        CuratorFramework aClient = clients.get("a");
        aClient.create().forPath("/resource", "a".getBytes());
        Term aTerm = a.term().orElseThrow();
        int aCrumbVersion = aClient.checkExists().forPath(PARENT + "/ActiveBreadCrumb").getVersion();

        a.quitElection(false, Duration.ofSeconds(10)); // graceful: the breadcrumb goes
        Elector b = elector("b", ZkSettings.builder(server.getConnectString()).sessionTimeout(Duration.ofSeconds(4)), noLease);
        b.joinElection();
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "b active");
        assertEquals(aCrumbVersion, aClient.checkExists().forPath(PARENT + "/ActiveBreadCrumb").getVersion(),
                "the breadcrumb is back at the version a held: a guard on it would let a's write through");
        Term bTerm = b.term().orElseThrow();
        assertTrue(bTerm.version() > aTerm.version() && bTerm.token() > aTerm.token(), aTerm + " then " + bTerm);

        // a's write, decided in its term and delayed (a frozen process, a slow thread), reaches ZooKeeper now
        assertThrows(FencedException.class, () -> a.fencedWrite(aTerm, List.of(
                aClient.transactionOp().setData().forPath("/resource", "zombie".getBytes()))), "refused locally");
        try {
            FencedMulti.write(aClient, aTerm, List.of(aClient.transactionOp().setData().forPath("/resource", "zombie".getBytes())));
            checker.wrote("a", aTerm.token(), "zombie write landed"); // the checker flags it: b's epoch came first
            fail("a write of an ended term landed");
        } catch (FencedException expected) {
            assertTrue(expected.getMessage().contains("moved past version " + aTerm.version()), expected.getMessage());
        }
        assertArrayEquals("a".getBytes(), aClient.getData().forPath("/resource"), "nothing of the zombie landed");
    }

    /**
     * Hole: a reply lost after the server applied the multi was reported as "fenced, nothing was written", and
     * Curator's retry could send the multi again. The write is sent once; its outcome is unknown, and it says so.
     */
    @Test
    void aLostReplyIsAnUnknownOutcomeAndTheWriteIsNeverResent() throws Exception {
        TcpProxy proxy = TcpProxy.start("127.0.0.1", server.getPort());
        closeables.add(proxy);
        Elector a = elector("a", ZkSettings.builder(proxy.address()).sessionTimeout(Duration.ofSeconds(4))
                .connectionTimeout(Duration.ofSeconds(4)), ElectorOptions.hadoopLayout(PARENT).withCreateParents(true));
        a.joinElection();
        Await.until(() -> a.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "a active");
        CuratorFramework aClient = clients.get("a");
        aClient.create().forPath("/resource", "v0".getBytes());

        proxy.mode(TcpProxy.Mode.DROP_REPLIES); // the server hears a; a hears nothing
        Exception e = assertThrows(Exception.class, () -> a.fencedWrite(List.of(
                aClient.transactionOp().setData().forPath("/resource", "written".getBytes()))));
        assertInstanceOf(OutcomeUnknownException.class, e, "a lost reply is not 'fenced, nothing was written': " + e);
        proxy.mode(TcpProxy.Mode.PASS);
        try (CuratorFramework reader = ZkSettings.builder(server.getConnectString()).build().connect()) {
            assertArrayEquals("written".getBytes(), reader.getData().forPath("/resource"), "the server applied it");
            Thread.sleep(1000); // time for any resend after the reconnect
            assertEquals(1, reader.checkExists().forPath("/resource").getVersion(), "applied once, never resent");
        }
    }

    /**
     * Hole: an activation refused (here: fencing fails) deleted our lock, whose watch fired at once and cut the
     * backoff short: about 170 attempts a second. Each attempt creates and deletes the lock, so the parent's
     * cversion counts them: with a 1 s backoff, 5 s make about five, and the elector says why it is stuck.
     */
    @Test
    void aRefusedActivationWaitsOutItsBackoffAndSaysWhy() throws Exception {
        ElectorOptions oneSecond = ElectorOptions.hadoopLayout(PARENT).withCreateParents(true)
                .withRejoinBackoff(Duration.ofSeconds(1));
        Elector a = elector("a", ZkSettings.builder(server.getConnectString()).sessionTimeout(Duration.ofSeconds(4)), oneSecond);
        a.joinElection();
        Await.until(() -> a.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "a active");
        Elector b = elector("b", ZkSettings.builder(server.getConnectString()).sessionTimeout(Duration.ofSeconds(4)), oneSecond);
        services.get("b").fencingWorks.set(false);
        b.joinElection();
        Await.until(() -> b.state() == ElectorState.STANDBY, Duration.ofSeconds(10), "b standby");
        CuratorFramework bClient = clients.get("b");

        a.quitElection(true, Duration.ofSeconds(10)); // unhealthy: its breadcrumb stays, b must fence and cannot
        Await.until(() -> services.get("b").fenceCalls.get() >= 1, Duration.ofSeconds(10), "b's first attempt");
        int before = bClient.checkExists().forPath(PARENT).getCversion();
        int fencesBefore = services.get("b").fenceCalls.get();
        Thread.sleep(5000);
        int lockCreations = (bClient.checkExists().forPath(PARENT).getCversion() - before) / 2;
        int attempts = services.get("b").fenceCalls.get() - fencesBefore;
        assertTrue(lockCreations <= 7 && attempts <= 7, "5 s at one attempt a second: " + lockCreations
                + " lock creations, " + attempts + " fencing attempts");
        assertTrue(attempts >= 3, "it keeps trying: " + attempts);
        String stuck = b.stuckReason();
        assertNotNull(stuck, "the elector says why it is stuck");
        assertTrue(stuck.contains("fencing method failed") && stuck.contains("in a row"), stuck);
        assertFalse(services.get("b").isActive());

        services.get("b").fencingWorks.set(true);
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "b active once fencing works");
        assertNull(b.stuckReason(), "no longer stuck");
    }

    /**
     * Hole: the lease's demotion waited for the loop (or ran on Curator's thread). Here the loop is stuck in the
     * service's enterNeutral for 10 s while a's connection is cut: the term is revoked in time all the same (no
     * fenced write passes, epoch() says -1) before b can win; the service hears of it once the loop is free.
     */
    @Test
    void theLeaseRevokesTheTermWhileTheLoopIsStuck() throws Exception {
        TcpProxy proxy = TcpProxy.start("127.0.0.1", server.getPort());
        closeables.add(proxy);
        Elector[] ab = activeThroughAndStandby(proxy, service -> service.fenceReachesOld.set(false));
        Elector a = ab[0];
        Elector b = ab[1];
        CuratorFramework aClient = clients.get("a");
        Term aTerm = a.term().orElseThrow();
        services.get("a").neutralBlocksFor.set(10_000); // the loop will be stuck in the listener

        long cut = System.nanoTime();
        proxy.mode(TcpProxy.Mode.BLACKHOLE);
        // Reset the connection too: the client hears of it at once and the loop gets stuck in the listener now, well
        // before the lease lapses (which, measured from quorum heartbeats, comes before the client's own read timeout).
        proxy.dropConnections();
        Await.until(() -> services.get("a").inNeutral.get(), Duration.ofSeconds(2), "a's loop stuck in the listener");
        Await.until(() -> a.epoch() == -1 && a.term().isEmpty(), Duration.ofSeconds(4), "a's term revoked");
        long revokedMs = (System.nanoTime() - cut) / 1_000_000;
        assertThrows(FencedException.class, () -> a.fencedWrite(aTerm, List.of(
                aClient.transactionOp().setData().forPath(PARENT, new byte[0]))));
        assertTrue(services.get("a").inNeutral.get(), "the loop is still stuck in the listener");
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(20), "b active after a's session expired");
        long bActiveMs = (System.nanoTime() - cut) / 1_000_000;
        assertTrue(revokedMs < bActiveMs, "revoked at " + revokedMs + " ms, b active at " + bActiveMs + " ms");
        assertTrue(revokedMs <= 4000 * 2 / 3 + 500, "the lease is at most 2/3 of the session: " + revokedMs + " ms");
        Await.until(() -> !services.get("a").isActive(), Duration.ofSeconds(15), "a's service told once the loop is free");
    }

    /**
     * Found by the chaos lab (ChaosCampaignIT, seed 20261202, faults #108-#109: a ZooKeeper member's link down, then a
     * kill of the active master): the controller quit the election and its lock deletion, sent through the raw client
     * to save the failover Curator's overhead, met a lost connection and gave up ("it goes with our session"); the
     * client reconnected within the session, so the lock stayed held, and no master was active for 5 s. A deletion cut
     * short by a lost connection now goes on through Curator, which waits for the reconnection and retries.
     */
    @Test
    void aLockDeletionCutShortByALostConnectionIsDoneOnceReconnected() throws Exception {
        TcpProxy proxy = TcpProxy.start("127.0.0.1", server.getPort());
        closeables.add(proxy);
        Elector[] ab = activeThroughAndStandby(proxy, service -> { });
        Elector a = ab[0];
        Elector b = ab[1];
        long aSession = clients.get("a").getZookeeperClient().getZooKeeper().getSessionId();

        proxy.mode(TcpProxy.Mode.BLACKHOLE); // the deletion's first call hangs...
        Thread reset = new Thread(() -> {
            sleep(300);
            proxy.mode(TcpProxy.Mode.PASS);
            proxy.dropConnections(); // ...and fails with a lost connection; the client reconnects at once
        });
        reset.start();
        a.quitElection(true, Duration.ofSeconds(10)); // fencing needed: straight to deleting the lock
        reset.join(5_000);

        assertEquals(aSession, clients.get("a").getZookeeperClient().getZooKeeper().getSessionId(),
                "a kept its session (it reconnected): only a deletion can free the lock");
        org.apache.zookeeper.data.Stat lock = clients.get("b").checkExists().forPath(PARENT + "/ActiveStandbyElectorLock");
        assertTrue(lock == null || lock.getEphemeralOwner() != aSession,
                "a's lock is gone once a has quit, though its connection was lost midway");
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "b active");
    }

    /**
     * Found by the chaos lab (seed 20261202): the quorum went quiet long enough for the lease to lapse, but the
     * connection stayed up, so no connection event followed. The elector demoted its service and then sat in ACTIVE,
     * with no term, holding the lock for ever: no master active, and the other node could not win. Now the watchdog
     * starts a fresh attempt once the quorum answers again.
     */
    @Test
    void aLapseWithoutADisconnectionIsFollowedByANewTermWhenTheQuorumAnswersAgain() throws Exception {
        TcpProxy proxy = TcpProxy.start("127.0.0.1", server.getPort());
        closeables.add(proxy);
        Elector a = electorThrough(proxy, "a");
        a.joinElection();
        Await.until(() -> a.state() == ElectorState.ACTIVE && services.get("a").isActive(), Duration.ofSeconds(10), "a active");
        long firstEpoch = a.epoch();

        // Every reply 2.45 s late: with the heartbeat's own 100 ms, past the lease (0.65 of 4 s, less a heartbeat:
        // 2.5 s); a reply still arrives every 100 ms, so the client's own read timeout (2/3 of 4 s) never runs out, the
        // connection stays up and no connection event comes.
        proxy.delayReplies(Duration.ofMillis(2450));
        Await.until(() -> !services.get("a").isActive(), Duration.ofSeconds(10), "a's lease to lapse");
        assertEquals(-1, a.epoch());
        proxy.delayReplies(Duration.ZERO);
        Await.until(() -> services.get("a").isActive() && a.epoch() > firstEpoch, Duration.ofSeconds(15),
                "a active again, in a new term, once the quorum answers");
    }

    @Test
    void anActivationThatDiesOfAnErrorGivesUpTheLockAndSaysSo() throws Exception {
        // The chaos lab's RM: an OutOfMemoryError while it loaded its state; the elector's executor kept it in a
        // future nobody read, and the elector sat on the lock, its session alive, while the other RM stood by.
        Elector a = elector("a");
        Service sa = services.get("a");
        sa.activationDiesOf = new OutOfMemoryError("Java heap space (thrown by the test)");
        sa.fatalExpected = true;
        a.joinElection();
        Await.until(() -> sa.fatalReported.get() != null, Duration.ofSeconds(10), "a reports the failure as fatal");
        assertTrue(sa.fatalReported.get().contains("OutOfMemoryError"), sa.fatalReported.get());
        assertEquals(ElectorState.CLOSED, a.state());
        assertFalse(sa.isActive());

        Elector b = elector("b");
        b.joinElection();
        Await.until(() -> b.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "b active: a gave up the lock");
        sleep(100);
        assertTrue(checker.writes() > 0, "b wrote, so the checker had something to judge");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
