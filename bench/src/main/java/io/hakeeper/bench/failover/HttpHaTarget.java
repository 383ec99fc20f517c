package io.hakeeper.bench.failover;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.BadFencingConfigurationException;
import org.apache.hadoop.ha.HAServiceProtocol;
import org.apache.hadoop.ha.HAServiceTarget;
import org.apache.hadoop.ha.NodeFencer;

/** One sample master as Hadoop's failover controller sees it: its addresses, its fencer, and an HTTP proxy. */
final class HttpHaTarget extends HAServiceTarget {
    static final String FENCING_KEY = "dfs.ha.fencing.methods";
    /** Hadoop's IPC client: the pause between connection attempts (ipc.client.connect.retry.interval). */
    private static final String RETRY_INTERVAL_KEY = "ipc.client.connect.retry.interval";

    private final String namenodeId;
    private final InetSocketAddress address;
    private final InetSocketAddress zkfcAddress;
    private final Configuration conf;

    HttpHaTarget(String namenodeId, InetSocketAddress address, InetSocketAddress zkfcAddress, Configuration conf) {
        this.namenodeId = namenodeId;
        this.address = address;
        this.zkfcAddress = zkfcAddress;
        this.conf = conf;
    }

    String namenodeId() {
        return namenodeId;
    }

    @Override
    public InetSocketAddress getAddress() {
        return address;
    }

    @Override
    public InetSocketAddress getZKFCAddress() {
        return zkfcAddress;
    }

    @Override
    public NodeFencer getFencer() {
        try {
            return NodeFencer.create(conf, FENCING_KEY);
        } catch (BadFencingConfigurationException e) {
            return null;
        }
    }

    @Override
    public void checkFencingConfigured() throws BadFencingConfigurationException {
        if (NodeFencer.create(conf, FENCING_KEY) == null) {
            throw new BadFencingConfigurationException("no fencing method in " + FENCING_KEY);
        }
    }

    @Override
    public HAServiceProtocol getProxy(Configuration c, int timeoutMs) throws IOException {
        // HAServiceTarget.getProxy lowers the IPC client's connection retries to 1 for a quick failure
        return proxy(timeoutMs, 1);
    }

    @Override
    public HAServiceProtocol getHealthMonitorProxy(Configuration c, int timeoutMs, int retries) throws IOException {
        return proxy(timeoutMs, retries);
    }

    private HAServiceProtocol proxy(int timeoutMs, int retries) {
        URI base = URI.create("http://" + address.getHostString() + ":" + address.getPort());
        return new HttpHaProtocol(base, timeoutMs, retries, conf.getInt(RETRY_INTERVAL_KEY, 1000));
    }

    @Override
    public boolean isAutoFailoverEnabled() {
        return true;
    }

    @Override
    public String toString() {
        return "sample master " + namenodeId + " at " + address.getHostString() + ":" + address.getPort();
    }
}
