package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import io.hakeeper.testkit.TcpProxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The active controller is cut off from ZooKeeper (its packets black-holed) while its process keeps running: its
 * lease lapses and it makes its master standby before the other controller can win; the ledger shows no overlap.
 */
class NetworkCutIT extends ControllerPairBase {
    final Map<String, TcpProxy> proxies = new LinkedHashMap<>();

    @Override
    String quorumOverrides(String quorum) throws Exception {
        String[] hp = quorum.split(":");
        StringBuilder lines = new StringBuilder();
        for (String nn : List.of("nn1", "nn2")) {
            TcpProxy proxy = TcpProxy.start(hp[0], Integer.parseInt(hp[1]));
            proxies.put(nn, proxy);
            lines.append("ha.zookeeper.quorum.demo.").append(nn).append('=').append(proxy.address()).append('\n');
        }
        return lines.toString();
    }

    @AfterEach
    void closeProxies() {
        proxies.values().forEach(TcpProxy::close);
    }

    @Test
    void aCutOffActiveStandsDownBeforeTheOtherWins() throws Exception {
        String active = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = active.equals("nn1") ? "nn2" : "nn1";
        Thread.sleep(300);

        long cut = System.nanoTime();
        proxies.get(active).mode(TcpProxy.Mode.BLACKHOLE);
        Await.until(() -> "standby".equals(state(active)), Duration.ofSeconds(20), active + " to stand down");
        long standDownMs = (System.nanoTime() - cut) / 1_000_000;
        Await.until(() -> "active".equals(state(other)), Duration.ofSeconds(30), other + " to take over");
        long takeOverMs = (System.nanoTime() - cut) / 1_000_000;
        System.out.println(active + " stood down " + standDownMs + " ms after the cut; " + other + " active after "
                + takeOverMs + " ms");
        assertTrue(standDownMs < takeOverMs, "stood down (" + standDownMs + " ms) before the other won (" + takeOverMs + ")");
        Thread.sleep(300);
        // the ledger (checked after the test) shows no write of the old epoch once the new one was acquired
    }
}
