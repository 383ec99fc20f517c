package io.hakeeper.zkfc;

import io.hakeeper.core.config.ConfigFiles;
import io.hakeeper.core.util.FreePorts;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.MiniDFSNNTopology;
import org.apache.hadoop.hdfs.server.namenode.NameNode;

/**
 * A real HDFS HA pair for the tests: Hadoop's MiniDFSCluster with NameNodes nn1 and nn2 of nameservice ns1 on
 * shared edits, one DataNode, automatic failover enabled (so the NameNodes refuse manual transitions and accept
 * only a ZKFC's). Its site files are written as an operator's would be, with only what differs from Hadoop's
 * defaults; our controllers read them and nothing else.
 */
final class HaMiniCluster implements AutoCloseable {
    static final String NS = "ns1";
    static final List<String> NODES = List.of("nn1", "nn2");

    final MiniDFSCluster cluster;
    final Configuration conf;
    final Path coreSite;
    final Path hdfsSite;
    final Map<String, Integer> zkfcPorts = new LinkedHashMap<>();

    /** @param extra more keys for core-site.xml (health and timeouts of a test) */
    HaMiniCluster(Path dir, String zkQuorum, Map<String, String> extra) throws Exception {
        int[] ports = FreePorts.reserve(6);
        conf = new HdfsConfiguration();
        conf.setBoolean("dfs.ha.automatic-failover.enabled", true);
        conf.setInt("dfs.replication", 1);
        // the client fails over quickly between the two (Hadoop's defaults back off up to 15 s)
        conf.setInt("dfs.client.failover.sleep.base.millis", 100);
        conf.setInt("dfs.client.failover.sleep.max.millis", 1000);
        conf.setInt("dfs.client.failover.max.attempts", 30);
        conf.set("dfs.client.failover.proxy.provider." + NS,
                "org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider");
        MiniDFSNNTopology topology = new MiniDFSNNTopology().addNameservice(new MiniDFSNNTopology.NSConf(NS)
                .addNN(new MiniDFSNNTopology.NNConf("nn1").setIpcPort(ports[0]))
                .addNN(new MiniDFSNNTopology.NNConf("nn2").setIpcPort(ports[1])));
        cluster = new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile()).nnTopology(topology).numDataNodes(1)
                .build();
        cluster.waitActive();
        conf.set("fs.defaultFS", "hdfs://" + NS);
        conf.unset("dfs.ha.namenode.id"); // the site files name no local node: each controller is told or finds it
        for (int i = 0; i < NODES.size(); i++) {
            String nn = NODES.get(i);
            zkfcPorts.put(nn, ports[2 + i]);
            conf.setInt("dfs.ha.zkfc.port." + NS + "." + nn, ports[2 + i]);
            conf.setInt("hakeeper.admin.port." + NS + "." + nn, ports[4 + i]);
        }
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", "hdfs://" + NS);
        core.set("ha.zookeeper.quorum", zkQuorum);
        core.set("ha.zookeeper.session-timeout.ms", "4000");
        core.set("ha.health-monitor.check-interval.ms", "300");
        extra.forEach(core::set);
        coreSite = write(dir.resolve("core-site.xml"), core);
        hdfsSite = write(dir.resolve("hdfs-site.xml"), siteKeys(conf));
    }

    /** The keys of {@code conf} whose values differ from Hadoop's defaults: what an operator's hdfs-site.xml holds. */
    private static Configuration siteKeys(Configuration conf) {
        Configuration defaults = new HdfsConfiguration();
        Configuration site = new Configuration(false);
        for (Map.Entry<String, String> e : conf) {
            String key = e.getKey();
            if (!key.startsWith("hadoop.tmp") && !e.getValue().equals(defaults.getRaw(key))) {
                site.set(key, conf.getRaw(key));
            }
        }
        return site;
    }

    /** Writes {@code c} as a Hadoop site file. */
    static Path write(Path file, Configuration c) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            c.writeXml(out);
        }
        return file;
    }

    List<Path> siteFiles() {
        return List.of(coreSite, hdfsSite);
    }

    String[] args(String... more) {
        String[] head = {"--config", coreSite.toString(), "--config", hdfsSite.toString()};
        String[] all = new String[head.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        return all;
    }

    /** {@code hakeeper zkfc -formatZK}: the election znode, once. */
    void formatZk() {
        int rc = ZkfcMain.run(args("--node", "nn1", "-formatZK", "-force", "-nonInteractive"));
        if (rc != 0) {
            throw new IllegalStateException("-formatZK exited " + rc);
        }
    }

    /** A controller for {@code nn}, built from the site files exactly as {@code hakeeper zkfc --node nn} builds it. */
    ZkfcController controller(String nn) {
        return new ZkfcController(ZkfcSettings.from(ConfigFiles.read(siteFiles()), null, nn));
    }

    /** The NameNode {@code nn}, or null once it was shut down. */
    NameNode nameNode(String nn) {
        return cluster.getNameNode(NODES.indexOf(nn));
    }

    boolean isActive(String nn) {
        NameNode n = nameNode(nn);
        return n != null && n.isActiveState();
    }

    @Override
    public void close() {
        cluster.shutdown();
    }
}
