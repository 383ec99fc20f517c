package io.hakeeper.testkit;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.election.Elector;
import io.hakeeper.core.election.ElectorListener;
import io.hakeeper.core.election.ElectorOptions;
import io.hakeeper.core.election.ElectorState;
import io.hakeeper.core.election.FencedException;
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
        private boolean active;
        private long epoch;
        private volatile boolean writing = true;
        private final Thread writer;

        Service(String name) {
            this.name = name;
            writer = new Thread(() -> {
                while (writing) {
                    synchronized (this) {
                        if (active) {
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
            checker.acquired(name, e);
            epoch = e;
            active = true;
        }

        @Override
        public synchronized void becomeStandby() {
            active = false;
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
            fail(name + " fatal: " + reason);
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
        closeables.add(e);
        e.start();
        return e;
    }

    /** a joins and becomes active; then b, configured first by {@code beforeJoining}, joins and becomes standby. */
    Elector[] activeAndStandby(java.util.function.Consumer<Service> beforeJoining) throws Exception {
        Elector a = elector("a");
        a.joinElection();
        Await.until(() -> a.state() == ElectorState.ACTIVE, Duration.ofSeconds(10), "a active");
        Elector b = elector("b");
        beforeJoining.accept(services.get("b"));
        b.joinElection();
        Await.until(() -> b.state() == ElectorState.STANDBY, Duration.ofSeconds(10), "b standby");
        return new Elector[] {a, b};
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

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
