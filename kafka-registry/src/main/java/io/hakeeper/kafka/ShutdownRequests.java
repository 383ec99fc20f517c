package io.hakeeper.kafka;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.Await;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Asking for a broker's controlled shutdown through ZooKeeper (Kafka's brokers ask over RPC; ours have no RPC): a
 * request znode naming the broker and the registration (its czxid, the broker epoch) to shut down. The controller
 * moves the leaderships and answers in the znode; the broker agent then deregisters.
 */
public final class ShutdownRequests {
    private ShutdownRequests() {
    }

    /**
     * Files the request for broker {@code id}'s current registration (again is harmless).
     *
     * @return the broker epoch the request is for
     * @throws HakeeperException NOT_FOUND when the broker is not registered
     */
    public static long request(CuratorFramework client, int id) throws Exception {
        Stat registration = client.checkExists().forPath(KafkaZnodes.broker(id));
        if (registration == null) {
            throw new HakeeperException(ExitCode.NOT_FOUND, "broker " + id + " is not registered (no "
                    + KafkaZnodes.broker(id) + "): nothing to shut down; check the id with 'hakeeper kafka status'");
        }
        byte[] data = KafkaAdminPayloads.shutdownRequest(
                new KafkaAdminPayloads.ShutdownRequest(id, registration.getCzxid(), false, java.util.List.of()));
        try {
            client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(KafkaZnodes.controlledShutdown(id), data);
        } catch (KeeperException.NodeExistsException already) {
            // filed before (by the agent itself, or an earlier command): the controller answers it once
        }
        return registration.getCzxid();
    }

    /** Waits until broker {@code id}'s registration with this epoch is gone. */
    public static void awaitDeregistered(CuratorFramework client, int id, long brokerEpoch, Duration deadline)
            throws TimeoutException, InterruptedException {
        Await.until(() -> {
            try {
                Stat s = client.checkExists().forPath(KafkaZnodes.broker(id));
                return s == null || s.getCzxid() != brokerEpoch;
            } catch (Exception e) {
                return false;
            }
        }, deadline, "broker " + id + " to finish its controlled shutdown");
    }
}
