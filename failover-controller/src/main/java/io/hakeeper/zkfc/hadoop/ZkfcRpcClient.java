package io.hakeeper.zkfc.hadoop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.protocolPB.ZKFCProtocolClientSideTranslatorPB;
import org.apache.hadoop.net.NetUtils;

/** Calls another failover controller over {@code ZKFCProtocol}: ours or Hadoop's DFSZKFailoverController. */
public final class ZkfcRpcClient {
    private ZkfcRpcClient() {
    }

    /** Asks the controller at {@code zkfc} to cede the election for {@code millis} (negative: rejoin now). */
    public static void cedeActive(Configuration conf, InetSocketAddress zkfc, long millis, Duration timeout)
            throws IOException {
        try (ZKFCProtocolClientSideTranslatorPB proxy = proxy(conf, zkfc, timeout)) {
            proxy.cedeActive((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, millis)));
        }
    }

    /** Asks the controller at {@code zkfc} to make its master active, gracefully: what {@code haadmin -failover} does. */
    public static void gracefulFailover(Configuration conf, InetSocketAddress zkfc, Duration timeout) throws IOException {
        try (ZKFCProtocolClientSideTranslatorPB proxy = proxy(conf, zkfc, timeout)) {
            proxy.gracefulFailover();
        }
    }

    private static ZKFCProtocolClientSideTranslatorPB proxy(Configuration conf, InetSocketAddress zkfc, Duration timeout)
            throws IOException {
        Configuration c = HadoopIpc.boundedBy(conf, timeout);
        return new ZKFCProtocolClientSideTranslatorPB(zkfc, c, NetUtils.getDefaultSocketFactory(c), HadoopIpc.millis(timeout));
    }
}
