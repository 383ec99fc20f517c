package io.hakeeper.zkfc;

import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

/**
 * Follows the nameservice's pause marker ({@code haadmin -pause} creates it, {@code -resume} deletes it) and reports
 * each change. The constructor does no I/O; {@link #start()} reads the marker once and returns whether it is paused.
 */
final class PauseWatch implements AutoCloseable {
    private final CuratorFramework client;
    private final String marker;
    private final Consumer<Boolean> changed;
    private CuratorCache cache;

    PauseWatch(CuratorFramework client, String marker, Consumer<Boolean> changed) {
        this.client = client;
        this.marker = marker;
        this.changed = changed;
    }

    /** @return whether the nameservice is paused now */
    synchronized boolean start() throws Exception {
        boolean paused = client.checkExists().forPath(marker) != null;
        cache = CuratorCache.build(client, marker, CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(node -> changed.accept(true))
                .forDeletes(node -> changed.accept(false))
                .build());
        cache.start();
        return paused;
    }

    @Override
    public synchronized void close() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }
}
