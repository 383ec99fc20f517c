package io.hakeeper.bench.failover;

import io.hakeeper.zkfc.ActiveNodeInfo;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceTarget;
import org.apache.hadoop.ha.ZKFailoverController;
import org.apache.hadoop.security.authorize.PolicyProvider;

/**
 * The peer of {@code hakeeper bench failover}: Hadoop's own {@link ZKFailoverController} (hadoop-common, unmodified,
 * Hadoop's defaults from core-default.xml) beside one sample master. It reads the same properties file our
 * controllers read (Hadoop's keys: ha.zookeeper.quorum, dfs.nameservices, dfs.ha.namenodes.NS,
 * dfs.namenode.rpc-address.NS.NN, dfs.ha.zkfc.port.NS.NN, dfs.ha.fencing.methods) and writes the lock and
 * breadcrumb as HDFS's controller does (the ActiveNodeInfo protobuf).
 *
 * <p>Usage: {@code HadoopZkfcPeer <properties> <namenode id>}
 */
public final class HadoopZkfcPeer extends ZKFailoverController {
    private final String nameservice;
    private final Map<String, HttpHaTarget> targets;

    private HadoopZkfcPeer(Configuration conf, String nameservice, Map<String, HttpHaTarget> targets, String local) {
        super(conf, targets.get(local));
        this.nameservice = nameservice;
        this.targets = targets;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HadoopZkfcPeer <properties> <namenode id>");
            System.exit(2);
        }
        Configuration conf = new Configuration(); // Hadoop's defaults (core-default.xml) under the given keys
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(r);
        }
        props.forEach((k, v) -> conf.set(k.toString(), v.toString()));
        String ns = conf.getTrimmed("dfs.nameservices");
        Map<String, HttpHaTarget> targets = new LinkedHashMap<>();
        for (String nn : conf.getTrimmedStrings("dfs.ha.namenodes." + ns)) {
            InetSocketAddress rpc = address(conf.getTrimmed("dfs.namenode.rpc-address." + ns + "." + nn));
            int zkfcPort = conf.getInt("dfs.ha.zkfc.port." + ns + "." + nn, 8019);
            targets.put(nn, new HttpHaTarget(nn, rpc, new InetSocketAddress(rpc.getHostString(), zkfcPort), conf));
        }
        if (!targets.containsKey(args[1])) {
            System.err.println("error: " + args[1] + " is not in dfs.ha.namenodes." + ns);
            System.exit(3);
        }
        System.exit(new HadoopZkfcPeer(conf, ns, targets, args[1]).run(new String[0]));
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    protected byte[] targetToData(HAServiceTarget target) {
        InetSocketAddress a = target.getAddress();
        return new ActiveNodeInfo(nameservice, ((HttpHaTarget) target).namenodeId(), a.getHostString(), a.getPort(),
                target.getZKFCAddress().getPort()).encode();
    }

    @Override
    protected HAServiceTarget dataToTarget(byte[] data) {
        ActiveNodeInfo info = ActiveNodeInfo.CODEC.decode("/hadoop-ha/" + nameservice, data, null);
        HttpHaTarget t = targets.get(info.namenodeId());
        if (t == null) {
            throw new IllegalStateException("the breadcrumb names " + info + ", which is not configured here");
        }
        return t;
    }

    @Override
    protected void loginAsFCUser() throws IOException {
        // simple authentication: nothing to log in
    }

    @Override
    protected void checkRpcAdminAccess() {
        // the benchmark's controllers take no admin calls
    }

    @Override
    protected InetSocketAddress getRpcAddressToBindTo() {
        return getLocalTarget().getZKFCAddress();
    }

    @Override
    protected PolicyProvider getPolicyProvider() {
        return null; // service-level authorization is off (hadoop.security.authorization=false)
    }

    @Override
    protected List<HAServiceTarget> getAllOtherNodes() {
        List<HAServiceTarget> others = new ArrayList<>(targets.values());
        others.remove(getLocalTarget());
        return others;
    }

    @Override
    protected boolean isSSLEnabled() {
        return false;
    }

    @Override
    protected String getScopeInsideParentNode() {
        return nameservice;
    }
}
