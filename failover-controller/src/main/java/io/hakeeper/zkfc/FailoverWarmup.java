package io.hakeeper.zkfc;

import io.hakeeper.core.process.CommandRunner;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, once, on a thread of its own after the controller starts, the code a failover runs for the first time, so
 * that the first failover after start-up costs what the tenth does: a fresh JVM otherwise loads and interprets the
 * process spawner (the shell fencer), the breadcrumb's decoder, ZooKeeper's multi and the master's RPC client at the
 * worst moment, about 200 ms on this machine. Nothing here changes any state: a shell running {@code true} (never the
 * configured fencing command), a decode of our own lock data, a multi that only checks a version (a transaction of
 * ZooKeeper's that changes no znode; the term's setData ops are built beside it, never sent), the election's reads
 * ({@link io.hakeeper.core.election.Elector#warmUp()}: a create and a delete that ZooKeeper always refuses), and, for a
 * master reached over HTTP, a state query to our own master (never a user's state command) and a refused call to a
 * local port nothing listens on. Each step is best effort: a failure only means that step stays cold.
 */
final class FailoverWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverWarmup.class);

    private FailoverWarmup() {
    }

    static void startInBackground(String id, CuratorFramework client, io.hakeeper.core.election.Elector elector,
            HdfsHaZnodes layout, NodeSpec local) {
        Thread t = new Thread(() -> run(id, client, elector, layout, local), "failover-warmup-" + id);
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY); // never ahead of the election or the health checks
        t.start();
    }

    private static void run(String id, CuratorFramework client, io.hakeeper.core.election.Elector elector,
            HdfsHaZnodes layout, NodeSpec local) {
        long t0 = System.nanoTime();
        step(id, "process spawn", () -> CommandRunner.bash("true", Map.of(), Duration.ofSeconds(5)));
        step(id, "breadcrumb decode", () -> ActiveNodeInfo.CODEC.decode(layout.breadcrumb().path(), local.info().encode(), null));
        step(id, "multi", () -> {
            Stat stat = client.checkExists().forPath(layout.workingDir());
            if (stat != null) {
                CuratorOp check = client.transactionOp().check().withVersion(stat.getVersion()).forPath(layout.workingDir());
                // the term's setData ops built (never sent), then a multi that only checks a version
                client.transactionOp().setData().withVersion(stat.getVersion()).forPath(layout.workingDir(), new byte[0]);
                client.transaction().forOperations(check);
            }
            return null;
        });
        step(id, "election reads", () -> {
            elector.warmUp();
            return null;
        });
        if (local.target() instanceof io.hakeeper.zkfc.target.HttpServiceTarget http) {
            step(id, "master state", () -> http.state(Duration.ofSeconds(2)));
            // a crash's first call is a demotion the dead master refuses: run that failure once, against a local port
            // nothing listens on (bound and closed here), never against the master
            step(id, "refused call", () -> {
                int closed;
                try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    closed = s.getLocalPort();
                }
                return io.hakeeper.core.http.HttpCall.send("POST", java.net.URI.create("http://127.0.0.1:" + closed
                        + "/hakeeper-warm-up"), Duration.ofSeconds(1));
            });
        }
        LOG.info("{}: failover path warmed in {} ms", id, (System.nanoTime() - t0) / 1_000_000);
    }

    private interface Step {
        Object run() throws Exception;
    }

    private static void step(String id, String what, Step step) {
        try {
            step.run();
        } catch (Exception | LinkageError e) {
            LOG.debug("{}: warm-up step '{}' failed ({}); that path stays cold", id, what, e.toString());
        }
    }
}
