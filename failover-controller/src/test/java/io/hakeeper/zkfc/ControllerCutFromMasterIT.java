package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hakeeper.core.util.Await;
import io.hakeeper.testkit.TcpProxy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The active controller is cut from its master (a proxy between them black-holes every packet) while both keep
 * running and the controller keeps its ZooKeeper session. The controller finds its master not responding and leaves
 * the election; it cannot tell the master to stand down, so it waits until every lease it granted has run out before
 * its lock goes. The other controller then wins and, its rival's master holding hakeeper's lease, skips the graceful
 * fence (it could only time out). The ledger judges: the old master, running on under its lease, wrote nothing after
 * the new one began. Without the wait, the new master begins while the old one's lease still runs (the ledger fails).
 */
class ControllerCutFromMasterIT extends ControllerPairBase {
    final Map<String, TcpProxy> proxies = new LinkedHashMap<>();

    @Override
    String targetLines(String ns, String nn) {
        try {
            TcpProxy proxy = TcpProxy.start("127.0.0.1", masterPorts.get(nn));
            proxies.put(nn, proxy);
            return "hakeeper.target." + ns + "." + nn + "=http://" + proxy.address() + "/ha\n"
                    + "hakeeper.health." + ns + "." + nn + "=http://" + proxy.address() + "/health#healthy=true\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    String extraConfig() {
        // quick to notice the master is gone and quick to give up telling it: the lease, not a timeout, is what waits
        return "ha.health-monitor.rpc-timeout.ms=300\nha.failover-controller.graceful-fence.rpc-timeout.ms=200\n";
    }

    @AfterEach
    void closeProxies() {
        proxies.values().forEach(TcpProxy::close);
    }

    @Test
    void aControllerCutFromItsMasterLetsItsLockGoOnlyAfterTheMastersLease() throws Exception {
        String active = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = active.equals("nn1") ? "nn2" : "nn1";
        Await.until(() -> adminAnswers(other, "/health", 200), Duration.ofSeconds(30), other + "'s controller up");
        Thread.sleep(1000); // the active writes a while under renewed leases

        proxies.get(active).mode(TcpProxy.Mode.BLACKHOLE);
        Await.until(() -> "active".equals(state(other)), Duration.ofSeconds(30), other + " to take over");
        Thread.sleep(2000); // both masters run: the old one must have stood down by its lease, and write nothing more
        assertEquals("standby", state(active), active + "'s master stood down by itself when its lease ran out");
        assertTrue(checker.records().stream().anyMatch(r -> r.contains(" WRITE " + other + " ")), "the new active wrote");
        String oldLog = Files.readString(dir.resolve("zkfc-" + active + ".log"));
        oldLog.lines().filter(l -> l.contains("for its lease to run out")).forEach(System.out::println);
        assertTrue(oldLog.contains("for its lease to run out before our lock can go"), "the old controller waited out the lease");
        String newLog = Files.readString(dir.resolve("zkfc-" + other + ".log"));
        assertTrue(newLog.contains("no graceful fence"), "the new controller skipped the graceful fence");
        // the split-brain checker runs on the ledger after the test (ControllerPairBase)
    }
}
