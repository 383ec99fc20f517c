package io.hakeeper.hbase;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Tells whether a RegionServer that registers itself (a real one: its payload lacks {@link HbaseBytes#ourWriter}'s
 * mark) is registered at an rs-agent's host and port, under any start code. Asked before the agent's first
 * registration, and again every {@code interval} while it is registered, because a real RegionServer may start after
 * the agent: then the agent must withdraw, or the master sees a phantom server at the real one's address.
 *
 * <p>A fleet of agents must not list {@code /hbase/rs} (a thousand names) over and over: between listings it reads
 * only the parent's child version (one {@code exists}), and lists again only when that moved. Loop-thread confined.
 */
final class RealRegionServerCheck {
    private final CuratorFramework client;
    private final HbaseZnodes znodes;
    private final ServerName server;
    private final Duration interval;
    private boolean checked;
    private long nextCheckNanos;
    private int listedCversion = -1;

    RealRegionServerCheck(CuratorFramework client, HbaseZnodes znodes, ServerName server, Duration interval) {
        this.client = client;
        this.znodes = znodes;
        this.server = server;
        this.interval = interval;
    }

    /**
     * Checks the first time, then once the interval has passed since the last check.
     *
     * @throws HakeeperException CONFLICT, naming the real registration
     */
    void checkIfDue() throws Exception {
        if (!checked || System.nanoTime() - nextCheckNanos >= 0) {
            checkNow();
        }
    }

    private void checkNow() throws Exception {
        checked = true;
        nextCheckNanos = System.nanoTime() + jittered();
        Stat parent = client.checkExists().forPath(znodes.rs());
        if (parent == null) {
            return; // nobody registered yet
        }
        if (parent.getCversion() == listedCversion) {
            return; // no registration came or went since the last listing
        }
        List<String> children;
        try {
            children = client.getChildren().forPath(znodes.rs());
        } catch (KeeperException.NoNodeException none) {
            return;
        }
        for (String child : children) {
            refuseIfReal(child);
        }
        listedCversion = parent.getCversion(); // read before the listing: a change in between lists again next time
    }

    private void refuseIfReal(String child) throws Exception {
        ServerName other;
        try {
            other = ServerName.parse(child);
        } catch (RuntimeException notAServerName) {
            return;
        }
        if (!other.sameAddress(server)) {
            return;
        }
        byte[] data;
        try {
            data = client.getData().forPath(znodes.rs() + "/" + child);
        } catch (KeeperException.NoNodeException gone) {
            return;
        }
        if (!HbaseBytes.writtenByUs(znodes.rs() + "/" + child, data)) {
            throw new HakeeperException(ExitCode.CONFLICT, "a RegionServer that registers itself is registered at "
                    + server.host() + ":" + server.port() + " (" + child + "): rs-agent registers only for"
                    + " RegionServers that do not; never run it beside a real RegionServer (run hbase rs-guard there)");
        }
    }

    private long jittered() {
        // spread a fleet's checks so that they do not arrive at the quorum together
        return (long) (interval.toNanos() * (0.75 + 0.5 * ThreadLocalRandom.current().nextDouble()));
    }
}
