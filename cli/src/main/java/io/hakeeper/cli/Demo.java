package io.hakeeper.cli;

import io.hakeeper.core.fencing.EpochLedger;
import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.quorum.DevEnsemble;
import io.hakeeper.zkfc.FormatZk;
import io.hakeeper.zkfc.ZkfcMain;
import io.hakeeper.zkfc.ZkfcSettings;
import io.hakeeper.zkfc.sample.SampleMaster;
import java.io.BufferedReader;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.hbase.HbaseAgentMain;
import io.hakeeper.hbase.HbaseBytes;
import io.hakeeper.hbase.HbaseMessages;
import io.hakeeper.hbase.HbaseZnodes;
import io.hakeeper.hbase.ServerName;
import io.hakeeper.rm.ActiveRmInfo;
import io.hakeeper.rm.RmElector;
import io.hakeeper.rm.demo.DemoRm;
import org.apache.curator.framework.CuratorFramework;

/**
 * What {@code hakeeper demo} runs: a dev quorum, two sample masters writing an epoch ledger, and a failover
 * controller beside each; two demo ResourceManagers with the embedded elector and state store; all separate processes. The constructor does no I/O; {@link #close()} stops every
 * process by PID and is idempotent.
 */
final class Demo implements AutoCloseable {
    static final List<String> NODES = List.of("nn1", "nn2");
    static final List<String> RMS = List.of("rm1", "rm2");
    static final String RM_CLUSTER = "demo-cluster";
    static final List<ServerName> HBASE_MASTERS = List.of(new ServerName("hm1.demo", 16000, 1), new ServerName("hm2.demo", 16000, 1));
    static final List<ServerName> REGION_SERVERS = List.of(new ServerName("rs1.demo", 16020, 1),
            new ServerName("rs2.demo", 16020, 1), new ServerName("rs3.demo", 16020, 1));

    /** One row of the live table. */
    record Row(String node, long pid, String state, String epoch) {
    }

    private final Path dir;
    private final Map<String, JavaProcess> masters = new LinkedHashMap<>();
    private final Map<String, JavaProcess> controllers = new LinkedHashMap<>();
    private final Map<String, Integer> masterPorts = new LinkedHashMap<>();
    private final Map<String, JavaProcess> rms = new LinkedHashMap<>();
    private final Map<ServerName, JavaProcess> hbase = new LinkedHashMap<>();
    private final HbaseZnodes hbaseZnodes = HbaseZnodes.defaults();
    private final DemoKafka kafka;
    private CuratorFramework zk;
    private EpochLedger rmLedger;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private DevEnsemble ensemble;
    private EpochLedger ledger;
    private boolean closed;

    Demo(Path dir) {
        this.dir = dir.toAbsolutePath();
        this.kafka = new DemoKafka(this.dir);
    }

    void start(java.io.PrintWriter out) throws Exception {
        Files.createDirectories(dir);
        out.println("starting a 3-member ZooKeeper quorum ...");
        out.flush();
        ensemble = new DevEnsemble(3, 0, false, dir.resolve("quorum")).start(Duration.ofSeconds(120));
        Path ledgerFile = dir.resolve("ledger");
        Files.deleteIfExists(ledgerFile);
        ledger = EpochLedger.atFile(ledgerFile);
        int[] ports = FreePorts.reserve(6);
        StringBuilder conf = new StringBuilder("# written by `hakeeper demo`\nha.zookeeper.quorum=" + ensemble.connectString()
                + "\nha.zookeeper.session-timeout.ms=6000\ndfs.nameservices=demo\ndfs.ha.namenodes.demo=nn1,nn2\n"
                + "dfs.ha.fencing.methods=shell(/bin/true)\nha.health-monitor.check-interval.ms=500\n");
        for (int i = 0; i < NODES.size(); i++) {
            String nn = NODES.get(i);
            masterPorts.put(nn, ports[i]);
            conf.append("dfs.namenode.rpc-address.demo.").append(nn).append("=127.0.0.1:").append(ports[i]).append('\n')
                    .append("dfs.ha.zkfc.port.demo.").append(nn).append('=').append(ports[2 + i]).append('\n')
                    .append("hakeeper.admin.port.demo.").append(nn).append('=').append(ports[4 + i]).append('\n')
                    .append("hakeeper.target.demo.").append(nn).append("=http://127.0.0.1:").append(ports[i]).append("/ha\n")
                    .append("hakeeper.health.demo.").append(nn).append("=http://127.0.0.1:").append(ports[i])
                    .append("/health#healthy=true\n");
        }
        Path config = dir.resolve("zkfc.properties");
        Files.writeString(config, conf.toString());
        ZkfcSettings settings = ZkfcSettings.from(io.hakeeper.core.config.ConfigFiles.read(List.of(config)), null, null);
        try (CuratorFramework client = settings.zk().connect()) {
            FormatZk.format(client, settings.layout(), true, false, new BufferedReader(new StringReader("")),
                    new PrintStream(java.io.OutputStream.nullOutputStream()));
        }
        for (String nn : NODES) {
            JavaProcess master = JavaProcess.of("master-" + nn, SampleMaster.class.getName(), List.of("-Xmx64m"),
                    List.of("--id", nn, "--port", Integer.toString(masterPorts.get(nn)), "--ledger", ledgerFile.toString()),
                    dir.resolve("master-" + nn + ".log"));
            masters.put(nn, master.start());
        }
        for (String nn : NODES) {
            JavaProcess zkfc = JavaProcess.of("zkfc-" + nn, ZkfcMain.class.getName(),
                    List.of("-Xmx128m", "-Dhakeeper.log.level=INFO"),
                    List.of("--config", config.toString(), "--node", nn), dir.resolve("zkfc-" + nn + ".log"));
            controllers.put(nn, zkfc.start());
        }
        Path rmLedgerFile = dir.resolve("rm-ledger"); // its own: epochs of two elections must not be compared
        Files.deleteIfExists(rmLedgerFile);
        rmLedger = EpochLedger.atFile(rmLedgerFile);
        for (String rm : RMS) {
            JavaProcess p = JavaProcess.of(rm, DemoRm.class.getName(), List.of("-Xmx96m"),
                    List.of("--connect", ensemble.connectString(), "--cluster", RM_CLUSTER, "--id", rm, "--session-ms", "6000",
                            "--tick-ms", "1000", "--ledger", rmLedgerFile.toString()), dir.resolve(rm + ".log"));
            rms.put(rm, p.start());
        }
        for (ServerName sn : HBASE_MASTERS) {
            hbase.put(sn, hbaseAgent("master", sn).start());
        }
        for (ServerName sn : REGION_SERVERS) {
            hbase.put(sn, hbaseAgent("rs", sn).start());
        }
        kafka.start(ensemble.connectString());
        zk = ZkSettings.builder(ensemble.connectString()).build().connect();
        out.println("quorum " + ensemble.connectString() + "; masters nn1 and nn2 with a controller each; ResourceManagers"
                + " rm1 and rm2 with the embedded elector and state store; HBase master agents hm1, hm2 and RegionServer"
                + " agents rs1..rs3; Kafka broker agents broker1..broker3 under " + DemoKafka.CHROOT + " with topic "
                + DemoKafka.TOPIC + " (logs in " + dir + ")");
    }

    private JavaProcess hbaseAgent(String kind, ServerName sn) {
        return JavaProcess.of(kind + "-" + sn.host(), HbaseAgentMain.class.getName(), List.of("-Xmx64m"),
                List.of(kind, "--connect", ensemble.connectString(), "--server", sn.toString(), "--session-ms", "6000"),
                dir.resolve("hbase-" + kind + "-" + sn.host() + ".log"));
    }

    /** The Kafka broker agents: which is controller, with its epoch. */
    List<Row> kafkaRows() {
        return kafka.rows();
    }

    /** The HBase agents: the active master and the backups, and which RegionServers are registered. */
    List<Row> hbaseRows() {
        List<Row> rows = new ArrayList<>();
        String active = null;
        try {
            active = HbaseMessages.parseMaster(hbaseZnodes.master(), HbaseBytes.unwrap(hbaseZnodes.master(),
                    zk.getData().forPath(hbaseZnodes.master()))).server().toString();
        } catch (Exception ignored) {
            // no active master right now
        }
        for (Map.Entry<ServerName, JavaProcess> e : hbase.entrySet()) {
            ServerName sn = e.getKey();
            JavaProcess p = e.getValue();
            boolean master = HBASE_MASTERS.contains(sn);
            String state;
            if (!p.isAlive()) {
                state = "down";
            } else if (master) {
                state = sn.toString().equals(active) ? "active" : "backup";
            } else {
                state = exists(hbaseZnodes.rs(sn)) ? "registered" : "unregistered";
            }
            rows.add(new Row(sn.host(), p.isAlive() ? p.pid() : -1, state, "-"));
        }
        return rows;
    }

    private boolean exists(String path) {
        try {
            return zk.checkExists().forPath(path) != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** The ResourceManagers: who holds YARN's election lock, and how many applications the store holds. */
    List<Row> rmRows() {
        String lock = RmElector.DEFAULT_BASE + "/" + RM_CLUSTER + "/ActiveStandbyElectorLock";
        String activeRm = null;
        String epoch = "-";
        try {
            activeRm = ActiveRmInfo.CODEC.decode(lock, zk.getData().forPath(lock), null).rmId();
            epoch = Long.toString(zk.checkExists().forPath(RmElector.DEFAULT_BASE + "/" + RM_CLUSTER + "/ActiveBreadCrumb").getMzxid());
        } catch (Exception ignored) {
            // nobody active at the moment
        }
        List<Row> rows = new ArrayList<>();
        for (String rm : RMS) {
            JavaProcess p = rms.get(rm);
            String state = !p.isAlive() ? "down" : rm.equals(activeRm) ? "active" : "standby";
            rows.add(new Row(rm, p.isAlive() ? p.pid() : -1, state, state.equals("active") ? epoch : "-"));
        }
        return rows;
    }

    EpochLedger rmLedger() {
        return rmLedger;
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (String nn : NODES) {
            JavaProcess m = masters.get(nn);
            String state = "down";
            String epoch = "-";
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + masterPorts.get(nn) + "/ha/state")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.ofString());
                state = r.body().contains("\"active\"") ? "active" : "standby";
                if (state.equals("active")) {
                    epoch = r.body().replaceAll(".*\"epoch\":(-?\\d+).*", "$1");
                }
            } catch (Exception ignored) {
                // the master is down
            }
            rows.add(new Row(nn, m.isAlive() ? m.pid() : -1, state, epoch));
        }
        return rows;
    }

    JavaProcess master(String nn) {
        return masters.get(nn);
    }

    EpochLedger ledger() {
        return ledger;
    }

    Path dir() {
        return dir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        kafka.close();
        hbase.values().forEach(JavaProcess::close);
        rms.values().forEach(JavaProcess::close);
        if (zk != null) {
            zk.close();
        }
        controllers.values().forEach(JavaProcess::close);
        masters.values().forEach(JavaProcess::close);
        if (ensemble != null) {
            ensemble.close();
        }
    }
}
