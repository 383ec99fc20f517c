package io.hakeeper.quorum;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything that decides one member's zoo.cfg. {@link #toZooCfg()} applies hakeeper's defaults: tickTime 2000,
 * initLimit 10, syncLimit 5, hourly autopurge keeping 3 snapshots, a 4lw whitelist with what operators need,
 * the AdminServer, Prometheus metrics and the audit log all on, and session bounds of 4 s to 90 s so
 * that the defaults of Hadoop (10 s), Kafka (18 s) and HBase (90 s) are honoured instead of silently capped.
 *
 * @param servers   every member (a single entry means standalone)
 * @param bindAddress address for the client, admin and metrics ports; null binds all interfaces
 * @param tls       null for plaintext; otherwise the client port is TLS-only and the quorum talks TLS
 * @param superDigest the {@code super:<digest>} admin identity, or null
 * @param sasl      accept SASL clients (JAAS file given to the server's JVM)
 */
public record MemberSpec(int id, List<ServerEntry> servers, Path dataDir, int clientPort, int adminPort,
                         int metricsPort, String bindAddress, TlsFiles tls, String superDigest, boolean sasl) {

    public static final int TICK_TIME_MS = 2000;
    public static final String FOUR_LETTER_WORDS = "srvr,mntr,ruok,conf,isro";
    /** The audit log, written in batches; see the class for why not ZooKeeper's slf4j logger. */
    public static final String AUDIT_LOGGER = "io.hakeeper.quorum.audit.BatchingAuditLogger";
    /** Prometheus /metrics at the cost of ZooKeeper's built-in metrics; see the class for why not the upstream one. */
    public static final String METRICS_PROVIDER = "io.hakeeper.quorum.metrics.PrometheusTextMetricsProvider";

    public boolean standalone() {
        return servers.size() == 1;
    }

    public ServerEntry self() {
        return servers.stream().filter(s -> s.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server with id " + id));
    }

    public ZooCfg toZooCfg() {
        ZooCfg cfg = new ZooCfg();
        cfg.put("tickTime", TICK_TIME_MS).put("initLimit", 10).put("syncLimit", 5);
        cfg.put("dataDir", dataDir.toAbsolutePath());
        cfg.put("minSessionTimeout", 2 * TICK_TIME_MS).put("maxSessionTimeout", 90_000);
        if (tls == null) {
            cfg.put("clientPort", clientPort);
            if (bindAddress != null) {
                cfg.put("clientPortAddress", bindAddress);
            }
        } else {
            cfg.put("secureClientPort", clientPort);
            if (bindAddress != null) {
                cfg.put("secureClientPortAddress", bindAddress);
            }
        }
        cfg.put("autopurge.snapRetainCount", 3).put("autopurge.purgeInterval", 1);
        cfg.put("4lw.commands.whitelist", FOUR_LETTER_WORDS);
        cfg.put("admin.enableServer", true).put("admin.serverPort", adminPort);
        if (bindAddress != null) {
            cfg.put("admin.serverAddress", bindAddress);
        }
        cfg.put("metricsProvider.className", METRICS_PROVIDER);
        cfg.put("metricsProvider.httpPort", metricsPort);
        if (bindAddress != null) {
            cfg.put("metricsProvider.httpHost", bindAddress);
        }
        cfg.put("audit.enable", true).put("audit.impl.class", AUDIT_LOGGER);
        if (tls != null) {
            // Netty is the only connection factory that speaks TLS; the same material serves clients and peers
            cfg.put("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
            cfg.put("ssl.clientAuth", "need");
            for (String prefix : List.of("ssl.", "ssl.quorum.")) {
                cfg.put(prefix + "keyStore.location", tls.keyStore().toAbsolutePath());
                cfg.put(prefix + "keyStore.passwordPath", tls.passwordFile().toAbsolutePath());
                cfg.put(prefix + "keyStore.type", tls.type());
                cfg.put(prefix + "trustStore.location", tls.trustStore().toAbsolutePath());
                cfg.put(prefix + "trustStore.passwordPath", tls.passwordFile().toAbsolutePath());
                cfg.put(prefix + "trustStore.type", tls.type());
            }
            if (!standalone()) {
                cfg.put("sslQuorum", true);
            }
        }
        if (superDigest != null) {
            cfg.put("DigestAuthenticationProvider.superDigest", superDigest);
        }
        if (sasl) {
            cfg.put("authProvider.1", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider");
        }
        if (!standalone()) {
            if (self().observer()) {
                cfg.put("peerType", "observer");
            }
            for (ServerEntry s : servers) {
                cfg.put("server." + s.id(), s.cfgValue());
            }
        }
        return cfg;
    }
}
