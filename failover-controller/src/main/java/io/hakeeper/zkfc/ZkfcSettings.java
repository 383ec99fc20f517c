package io.hakeeper.zkfc;

import io.hakeeper.core.config.ConfigValues;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.fencing.FencingChain;
import io.hakeeper.core.health.HealthCheck;
import io.hakeeper.core.health.HealthChecks;
import io.hakeeper.core.health.HealthSettings;
import io.hakeeper.core.health.TcpCheck;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.zkfc.target.CommandServiceTarget;
import io.hakeeper.zkfc.target.HttpServiceTarget;
import io.hakeeper.zkfc.hadoop.HaServiceHealthCheck;
import io.hakeeper.zkfc.hadoop.HaServiceRpcTarget;
import io.hakeeper.zkfc.hadoop.HadoopConf;
import io.hakeeper.zkfc.target.ServiceTarget;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol.RequestSource;

/**
 * A controller's configuration, from Hadoop's keys (core-site.xml, hdfs-site.xml) as they are, plus a few
 * {@code hakeeper.*} keys for masters that are not Hadoop's. Like Hadoop's ZKFC, a key may be given per nameservice
 * and node ({@code key.<ns>.<nn>}), per nameservice ({@code key.<ns>}) or for all. Parsing does no I/O.
 *
 * <p>Without a {@code hakeeper.target} key a node is a Hadoop master, driven over {@code HAServiceProtocol} at its
 * (service) RPC address and health-checked with {@code monitorHealth}, exactly as Hadoop's ZKFC does.
 *
 * <p>hakeeper's keys: {@code hakeeper.target.<ns>.<nn>} (an HTTP base URL such as {@code http://h:9001/ha}, or
 * {@code hadoop-rpc://host:port} for an HAServiceProtocol endpoint elsewhere, e.g. a ResourceManager's admin address),
 * or {@code hakeeper.target.{state,active,standby}-command.<ns>.<nn>}; {@code hakeeper.admin.port.<ns>.<nn>} (the
 * controller's HTTP port, default {@code dfs.ha.zkfc.port} + 100); {@code hakeeper.health.<ns>.<nn>}
 * ({@code http://...[#field=value]}, {@code tcp:host:port} or {@code command:CMD}; default a TCP check of the
 * master's address, or monitorHealth for a Hadoop master); {@code hakeeper.fencing.timeout.ms} (30000); {@code hakeeper.lease.enabled} (true).
 */
public final class ZkfcSettings {
    private static final String HADOOP_RPC = "hadoop-rpc://";
    private static final List<Pattern> HAKEEPER_KEYS = List.of(
            Pattern.compile("hakeeper\\.target(\\.(state|active|standby)-command)?\\..+"),
            Pattern.compile("hakeeper\\.health\\..+"),
            Pattern.compile("hakeeper\\.fencing\\.timeout\\.ms"),
            Pattern.compile("hakeeper\\.admin\\.port(\\..+)?"),
            Pattern.compile("hakeeper\\.lease\\.enabled"),
            Pattern.compile("hakeeper\\.master\\.lease\\.ms"),
            Pattern.compile("hakeeper\\.fencing\\.graceful-with-lease"),
            Pattern.compile("hakeeper\\.preferred-active(\\..+)?"),
            Pattern.compile("hakeeper\\.failback\\.delay\\.ms"));

    private final Map<String, String> conf;
    private final String nameservice;
    private final Map<String, NodeSpec> nodes = new LinkedHashMap<>();
    private final NodeSpec local;
    private Configuration hadoopConf;

    private ZkfcSettings(Map<String, String> conf, String nameservice, String localNode) {
        this.conf = Map.copyOf(conf);
        this.nameservice = nameservice;
        for (String id : list(required("dfs.ha.namenodes." + nameservice, "name the masters of " + nameservice
                + ", e.g. nn1,nn2"))) {
            nodes.put(id, node(id));
        }
        this.local = localNode == null ? null : nodes.get(localNode);
        if (localNode != null && local == null) {
            throw HakeeperException.config("--node " + localNode + " is not among dfs.ha.namenodes." + nameservice + " "
                    + nodes.keySet() + ": name one of them");
        }
    }

    /**
     * @param nameservice null for the only one in {@code dfs.nameservices}
     * @param localNode   the master beside this controller; null for tools that address every node (haadmin)
     */
    public static ZkfcSettings from(Map<String, String> conf, String nameservice, String localNode) {
        for (String key : conf.keySet()) {
            if (key.startsWith("hakeeper.") && HAKEEPER_KEYS.stream().noneMatch(p -> p.matcher(key).matches())) {
                throw HakeeperException.config("unknown key '" + key + "': hakeeper's controller keys are hakeeper.target.*,"
                        + " hakeeper.health.*, hakeeper.admin.port, hakeeper.fencing.timeout.ms, hakeeper.lease.enabled,"
                        + " hakeeper.master.lease.ms, hakeeper.fencing.graceful-with-lease, hakeeper.preferred-active and"
                        + " hakeeper.failback.delay.ms");
            }
        }
        List<String> services = list(conf.getOrDefault("dfs.nameservices", ""));
        String ns = nameservice;
        if (ns == null) {
            if (services.size() != 1) {
                throw HakeeperException.config("dfs.nameservices lists " + services + ": pass --nameservice to pick one");
            }
            ns = services.get(0);
        } else if (!services.contains(ns)) {
            throw HakeeperException.config("unknown nameservice '" + ns + "': dfs.nameservices lists " + services);
        }
        return new ZkfcSettings(conf, ns, localNode);
    }

    public String nameservice() {
        return nameservice;
    }

    public NodeSpec local() {
        if (local == null) {
            throw new IllegalStateException("no local node was named");
        }
        return local;
    }

    /**
     * The port of a node's controller admin HTTP ({@code /status}, {@code /health}, {@code /active}, {@code /metrics}):
     * {@code hakeeper.admin.port}, by default its {@code dfs.ha.zkfc.port} + 100 (the ZKFC port itself stays free
     * for Hadoop's ZKFC RPC).
     */
    public int adminPort(NodeSpec node) {
        String v = lookup("hakeeper.admin.port", node.id(), null);
        return v == null ? node.zkfcPort() + 100 : parsePort(v, "hakeeper.admin.port");
    }

    public Map<String, NodeSpec> nodes() {
        return Map.copyOf(nodes);
    }

    public HdfsHaZnodes layout() {
        return new HdfsHaZnodes(get("ha.zookeeper.parent-znode", HdfsHaZnodes.DEFAULT_PARENT), nameservice);
    }

    public ZkSettings zk() {
        ZkSettings.Builder b = ZkSettings.builder(required("ha.zookeeper.quorum", "name the ZooKeeper quorum, host:2181,..."))
                .sessionTimeout(Duration.ofMillis(millis("ha.zookeeper.session-timeout.ms", 10_000)));
        String acl = get("ha.zookeeper.acl", null);
        if (acl != null) {
            // Hadoop: an empty list means only the creator may touch the znodes
            b.acl(acl.isBlank() ? org.apache.zookeeper.ZooDefs.Ids.CREATOR_ALL_ACL : io.hakeeper.core.zk.AclSpec.parse(acl));
        }
        for (String auth : list(ConfigValues.resolveIndirection("ha.zookeeper.auth", get("ha.zookeeper.auth", "")))) {
            b.auth(auth);
        }
        return b.build();
    }

    /** The configured fencing methods (the graceful transition to standby is added in front by the controller). */
    public FencingChain fencing() {
        return FencingChain.parse(get("dfs.ha.fencing.methods", ""), conf,
                Duration.ofMillis(millis("hakeeper.fencing.timeout.ms", 30_000)));
    }

    public HealthSettings health() {
        return HealthSettings.from(conf);
    }

    public Duration newActiveTimeout() {
        return Duration.ofMillis(millis("ha.failover-controller.new-active.rpc-timeout.ms", 60_000));
    }

    public Duration gracefulFenceTimeout() {
        return Duration.ofMillis(millis("ha.failover-controller.graceful-fence.rpc-timeout.ms", 5_000));
    }

    /**
     * The lease an active master holds between renewals ({@code hakeeper.master.lease.ms}): by default a third of the
     * session timeout, so that a frozen master stops acting before its controller's session can expire. 0 turns it off.
     */
    public Duration masterLease() {
        String v = get("hakeeper.master.lease.ms", null);
        if (v != null && v.trim().equals("0")) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(millis("hakeeper.master.lease.ms", millis("ha.zookeeper.session-timeout.ms", 10_000) / 3));
    }

    /** The node to fail back to once it is healthy again ({@code hakeeper.preferred-active.<ns>}); null: no failback. */
    public String preferredActive() {
        String nn = get("hakeeper.preferred-active", null);
        if (nn != null && !nodes.containsKey(nn)) {
            throw HakeeperException.config("hakeeper.preferred-active=" + nn + " is not among " + nodes.keySet());
        }
        return nn;
    }

    /** How long the preferred node must have been healthy before failing back ({@code hakeeper.failback.delay.ms}). */
    public Duration failbackDelay() {
        return Duration.ofMillis(millis("hakeeper.failback.delay.ms", 60_000));
    }

    public boolean lease() {
        return Boolean.parseBoolean(get("hakeeper.lease.enabled", "true"));
    }

    /**
     * Ask a master that holds hakeeper's lease to stand down before fencing it, as for a Hadoop master
     * ({@code hakeeper.fencing.graceful-with-lease}, false). Set it while a group runs controllers older than the
     * lease-aware fence (a rolling upgrade): they let their lock go without waiting out their master's lease.
     */
    public boolean gracefulFenceWithLease() {
        return Boolean.parseBoolean(get("hakeeper.fencing.graceful-with-lease", "false"));
    }

    /**
     * A node as Hadoop's NNHAServiceTarget sees it: at its service RPC address if it has one (where Hadoop's ZKFC
     * talks to it, and what its breadcrumb names), else its RPC address.
     */
    private NodeSpec node(String id) {
        String key = "dfs.namenode.servicerpc-address." + nameservice + "." + id;
        String rpc = conf.get(key);
        if (rpc == null || rpc.isBlank()) {
            key = "dfs.namenode.rpc-address." + nameservice + "." + id;
            rpc = required(key, "give host:port of " + id);
        }
        int colon = rpc.lastIndexOf(':');
        if (colon <= 0) {
            throw HakeeperException.config(key + "=" + rpc + " is not host:port: fix it");
        }
        String host = rpc.substring(0, colon).trim();
        int port = parsePort(rpc.substring(colon + 1).trim(), key);
        int zkfcPort = parsePort(lookup("dfs.ha.zkfc.port", id, "8019"), "dfs.ha.zkfc.port");
        ServiceTarget target = target(id, host, port);
        return new NodeSpec(nameservice, id, host, port, zkfcPort, target, checks(id, target, host, port));
    }

    private ServiceTarget target(String id, String host, int port) {
        String spec = lookup("hakeeper.target", id, null);
        if (spec != null && spec.startsWith(HADOOP_RPC)) {
            return hadoopRpcTarget(id, spec);
        }
        if (spec != null) {
            return new HttpServiceTarget(URI.create(spec));
        }
        String state = lookup("hakeeper.target.state-command", id, null);
        String active = lookup("hakeeper.target.active-command", id, null);
        String standby = lookup("hakeeper.target.standby-command", id, null);
        if (state != null || active != null || standby != null) {
            if (state == null || active == null || standby == null) {
                throw HakeeperException.config("a command target for " + id + " needs all three of"
                        + " hakeeper.target.{state,active,standby}-command." + nameservice + "." + id);
            }
            return new CommandServiceTarget(state, active, standby);
        }
        // nothing of ours: a Hadoop master, driven as Hadoop's ZKFC drives it
        return new HaServiceRpcTarget(InetSocketAddress.createUnresolved(host, port), this::hadoopConf);
    }

    /**
     * {@code hadoop-rpc://host:port[?source=zkfc|user]}: an HAServiceProtocol endpoint named outright, e.g. a
     * ResourceManager's admin address; {@code source=user} for masters run with automatic failover off.
     */
    private HaServiceRpcTarget hadoopRpcTarget(String id, String spec) {
        String address = spec.substring(HADOOP_RPC.length());
        RequestSource source = RequestSource.REQUEST_BY_ZKFC;
        int query = address.indexOf('?');
        if (query >= 0) {
            String q = address.substring(query + 1);
            address = address.substring(0, query);
            source = switch (q) {
                case "source=zkfc" -> RequestSource.REQUEST_BY_ZKFC;
                case "source=user" -> RequestSource.REQUEST_BY_USER;
                default -> throw HakeeperException.config("hakeeper.target for " + id + "=" + spec + ": unknown '" + q
                        + "'; the one option is source=zkfc (the default) or source=user");
            };
        }
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw HakeeperException.config("hakeeper.target for " + id + "=" + spec + " is not hadoop-rpc://host:port:"
                    + " give the HAServiceProtocol address (a ResourceManager's yarn.resourcemanager.admin.address)");
        }
        return new HaServiceRpcTarget(InetSocketAddress.createUnresolved(address.substring(0, colon),
                parsePort(address.substring(colon + 1), "hakeeper.target for " + id)), source, this::hadoopConf);
    }

    /**
     * Hadoop's own view of the same files, for its IPC client and server: built once, on first use (the HTTP and
     * command targets never need it).
     */
    public synchronized Configuration hadoopConf() {
        if (hadoopConf == null) {
            hadoopConf = HadoopConf.of(conf);
        }
        return hadoopConf;
    }

    /**
     * For a NameNode (a master without a {@code hakeeper.target}): automatic failover must be on, as Hadoop's ZKFC
     * requires, because the NameNodes refuse a controller's requests without it. No I/O.
     */
    public void requireAutomaticFailover() {
        NodeSpec node = local();
        boolean nameNode = node.target() instanceof HaServiceRpcTarget && lookup("hakeeper.target", node.id(), null) == null;
        if (nameNode && !Boolean.parseBoolean(get("dfs.ha.automatic-failover.enabled", "false").trim())) {
            throw HakeeperException.config("dfs.ha.automatic-failover.enabled is not true for " + nameservice + ": the"
                    + " NameNodes refuse a failover controller's requests without it; set it to true in hdfs-site.xml"
                    + " (the NameNodes' too, then restart them)");
        }
    }

    /** {@code dfs.ha.namenode.id}, which names the local node outright in Hadoop's config; null when unset. */
    public String configuredLocalNode() {
        String id = conf.get("dfs.ha.namenode.id");
        return id == null || id.isBlank() ? null : id.trim();
    }

    private List<HealthCheck> checks(String id, ServiceTarget target, String host, int port) {
        String spec = lookup("hakeeper.health", id, null);
        if (spec == null) {
            return List.of(target instanceof HaServiceRpcTarget rpc ? new HaServiceHealthCheck(rpc) : new TcpCheck(host, port));
        }
        return List.of(HealthChecks.parse(spec, "hakeeper.health for " + id));
    }

    /** key.<ns>.<nn>, then key.<ns>, then key. */
    private String lookup(String key, String id, String dflt) {
        String v = conf.get(key + "." + nameservice + "." + id);
        if (v == null) {
            v = conf.get(key + "." + nameservice);
        }
        if (v == null) {
            v = conf.get(key);
        }
        return v == null ? dflt : v;
    }

    private String get(String key, String dflt) {
        return lookup(key, local == null ? "" : local.id(), dflt);
    }

    private String required(String key, String fix) {
        String v = get(key, null);
        if (v == null || v.isBlank()) {
            throw HakeeperException.config(key + " is not set: " + fix);
        }
        return v;
    }

    private long millis(String key, long dflt) {
        return ConfigValues.positiveMillis(key, get(key, null), Duration.ofMillis(dflt)).toMillis();
    }

    private static int parsePort(String s, String key) {
        return ConfigValues.port(key, s);
    }

    private static List<String> list(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
