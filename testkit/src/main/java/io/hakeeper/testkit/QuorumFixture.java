package io.hakeeper.testkit;

import io.hakeeper.core.zk.SessionExpirer;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.quorum.StatusProbe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * An in-JVM ZooKeeper ensemble over curator-test's {@link TestingCluster}, with what curator-test lacks: finding
 * the leader (by asking each member {@code srvr}), and expiring a client's session on the server. For behaviour
 * about processes (kill -9, SIGSTOP) use {@link ProcessQuorumExtension} instead.
 */
public final class QuorumFixture implements AutoCloseable {
    private final TestingCluster cluster;
    private final StatusProbe probe = new StatusProbe(null, Duration.ofSeconds(2));
    private boolean closed;

    private QuorumFixture(TestingCluster cluster) {
        this.cluster = cluster;
    }

    public static QuorumFixture start(int size) throws Exception {
        TestingCluster cluster = new TestingCluster(size);
        cluster.start();
        return new QuorumFixture(cluster);
    }

    public String connectString() {
        return cluster.getConnectString();
    }

    public List<InstanceSpec> members() {
        return List.copyOf(cluster.getInstances());
    }

    /** The member that reports {@code Mode: leader} now, if any. */
    public Optional<InstanceSpec> leader() {
        return cluster.getInstances().stream()
                .filter(spec -> probe.probe("127.0.0.1", spec.getPort()).mode().equals("leader"))
                .findFirst();
    }

    /** True when {@code member} answers as a leader or a follower (it has joined the quorum). */
    public boolean serving(InstanceSpec member) {
        String mode = probe.probe("127.0.0.1", member.getPort()).mode();
        return mode.equals("leader") || mode.equals("follower");
    }

    public boolean kill(InstanceSpec member) throws Exception {
        return cluster.killServer(member);
    }

    public boolean restart(InstanceSpec member) throws Exception {
        return cluster.restartServer(member);
    }

    /** A started client with default settings. */
    public CuratorFramework connect() {
        return ZkSettings.builder(connectString()).build().connect();
    }

    /** Ends the client's session on the server; the client sees {@code Expired} and must start a new one. */
    public void expireSession(CuratorFramework client) throws Exception {
        SessionExpirer.expire(client, Duration.ofSeconds(10));
    }

    @Override
    public void close() throws Exception {
        if (!closed) {
            closed = true;
            cluster.close();
        }
    }
}
