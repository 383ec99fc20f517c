package io.hakeeper.hbase;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.time.Duration;
import io.hakeeper.core.util.AgentLoop;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's view of the live RegionServers, as HBase's RegionServerTracker keeps it: the children of
 * {@code /hbase/rs}, listed with a watch; on every change the list is read again and diffed on one thread, and the
 * listener hears each join and each leave (with the ServerName) in order. A child whose name or data is not a
 * RegionServer's is reported as corrupt, naming the znode, and the tracker keeps going. The constructor does no
 * I/O; {@link #start()} once; {@link #close()} is idempotent.
 */
public final class RegionServerTracker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegionServerTracker.class);

    public interface Listener {
        void joined(ServerName server, HbaseMessages.RegionServerInfo info);

        void left(ServerName server);

        /** A child of /hbase/rs that is not a RegionServer's registration. */
        default void corrupt(String path, String problem) {
        }
    }

    private final CuratorFramework client;
    private final HbaseZnodes znodes;
    private final Listener listener;
    private final AgentLoop loop = new AgentLoop("rs-tracker");
    private final Map<String, ServerName> live = new HashMap<>(); // by znode name; confined to the loop
    private final Set<String> reportedCorrupt = new TreeSet<>();
    private volatile Set<ServerName> snapshot = Set.of();
    private boolean started;
    private volatile boolean closed;

    public RegionServerTracker(CuratorFramework client, HbaseZnodes znodes, Listener listener) {
        this.client = client;
        this.znodes = znodes;
        this.listener = listener;
    }

    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("tracker already started");
        }
        started = true;
        client.getConnectionStateListenable().addListener((c, state) -> {
            if (state.isConnected()) {
                loop.execute(this::refresh); // a new session has no watches: list again
            }
        });
        loop.execute(this::refresh);
    }

    /** The live RegionServers now. */
    public Set<ServerName> liveServers() {
        return snapshot;
    }

    private void refresh() {
        if (closed) {
            return;
        }
        List<String> names;
        try {
            names = client.getChildren().usingWatcher((Watcher) this::onEvent).forPath(znodes.rs());
        } catch (Exception e) {
            if (client.getState() == org.apache.curator.framework.imps.CuratorFrameworkState.STOPPED) {
                LOG.warn("the ZooKeeper client was closed under the tracker: tracking stops");
                return;
            }
            LOG.warn("cannot list {} ({}); retrying", znodes.rs(), e.toString());
            retryLater();
            return;
        }
        Set<String> now = new TreeSet<>(names);
        for (String gone : new TreeSet<>(live.keySet())) {
            if (!now.contains(gone)) {
                ServerName s = live.remove(gone);
                LOG.info("RegionServer {} left", s);
                listener.left(s);
            }
        }
        reportedCorrupt.retainAll(now);
        for (String name : now) {
            if (live.containsKey(name) || reportedCorrupt.contains(name)) {
                continue;
            }
            String path = znodes.rs() + "/" + name;
            try {
                ServerName server = ServerName.parse(name);
                byte[] data = client.getData().forPath(path);
                HbaseMessages.RegionServerInfo info = HbaseMessages.parseRegionServerInfo(path, HbaseBytes.unwrap(path, data));
                live.put(name, server);
                LOG.info("RegionServer {} joined", server);
                listener.joined(server, info);
            } catch (org.apache.zookeeper.KeeperException.NoNodeException gone) {
                // joined and left between the listing and the read
            } catch (io.hakeeper.core.error.HakeeperException e) { // a name or bytes that are not a RegionServer's
                reportedCorrupt.add(name);
                LOG.error("{} is not a RegionServer registration: {}", path, e.getMessage());
                listener.corrupt(path, e.getMessage());
            } catch (Exception e) {
                if (!closed) {
                    LOG.warn("cannot read {} ({}); looking again shortly", path, e.toString());
                    retryLater();
                }
                break;
            }
        }
        snapshot = Set.copyOf(live.values());
    }

    private void onEvent(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None && !closed) {
            loop.execute(this::refresh);
        }
    }

    private void retryLater() {
        loop.later(this::refresh, Duration.ofMillis(500));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
    }
}
