package io.hakeeper.quorum;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The zoo.cfg keys ZooKeeper 3.9 understands. QuorumPeerConfig parses some keys itself and turns every other key
 * into a {@code zookeeper.<key>} system property without a word, so a misspelt key silently does nothing. We list
 * the keys it parses and the documented system-property keys, and report anything else.
 */
final class KnownKeys {
    /** Keys QuorumPeerConfig.parseProperties handles itself (ZooKeeper 3.9.5). */
    private static final Set<String> PARSED = Set.of(
            "dataDir", "dataLogDir", "clientPort", "localSessionsEnabled", "localSessionsUpgradingEnabled",
            "clientPortAddress", "secureClientPort", "secureClientPortAddress", "observerMasterPort",
            "clientPortListenBacklog", "tickTime", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout",
            "initLimit", "syncLimit", "connectToLearnerMasterLimit", "electionAlg", "quorumListenOnAllIPs", "peerType",
            "syncEnabled", "dynamicConfigFile", "autopurge.snapRetainCount", "autopurge.purgeInterval",
            "standaloneEnabled", "reconfigEnabled", "sslQuorum", "portUnification", "sslQuorumReloadCertFiles",
            "quorum.cnxn.threads.size", "metricsProvider.className", "multiAddress.enabled",
            "multiAddress.reachabilityCheckTimeoutMs", "multiAddress.reachabilityCheckEnabled", "oraclePath");

    /** Documented keys that take effect as {@code zookeeper.<key>} system properties. */
    private static final Set<String> PASSED_THROUGH = Set.of(
            "4lw.commands.whitelist", "audit.enable", "audit.impl.class", "serverCnxnFactory", "client.portUnification",
            "DigestAuthenticationProvider.superDigest", "enforce.auth.enabled", "enforce.auth.schemes",
            "sessionRequireClientSASLAuth", "globalOutstandingLimit", "preAllocSize", "snapCount", "snapSizeLimitInKb",
            "commitLogCount", "txnLogSizeLimitInKb", "maxCnxns", "forceSync", "fsync.warningthresholdms",
            "cnxTimeout", "electionPortBindRetry", "tcpKeepAlive", "clientTcpKeepAlive", "leader.closeSocketAsync",
            "learner.closeSocketAsync", "learner.asyncSending", "leaderServes", "skipACL", "digest.enabled",
            "closeSessionTxn.enabled", "watchManagerName", "extendedTypesEnabled", "emulate353TTLNodes",
            "maxResponseCacheSize", "maxGetChildrenResponseCacheSize", "flushDelay", "maxWriteQueuePollTime",
            "maxBatchSize", "requestStaleLatencyCheck", "requestStaleConnectionCheck", "snapshot.trust.empty",
            "snapshot.compression.method", "netty.server.outstandingHandshake.limit", "largeRequestMaxBytes",
            "largeRequestThreshold", "request_throttler.shutdownTimeout", "jute.maxbuffer",
            "quorum.auth.enableSasl", "quorum.auth.learnerRequireSasl", "quorum.auth.serverRequireSasl",
            "quorum.auth.learner.saslLoginContext", "quorum.auth.server.saslLoginContext",
            "quorum.auth.kerberos.servicePrincipal", "kerberos.removeHostFromPrincipal", "kerberos.removeRealmFromPrincipal",
            "kerberos.canonicalizeHostName", "ssl.authProvider", "admin.enableServer", "admin.serverAddress",
            "admin.serverPort", "admin.commandURL", "admin.idleTimeout", "admin.portUnification", "admin.forceHttps",
            "admin.needClientAuth", "authProvider.1", "authProvider.2", "authProvider.3");

    /** Families of keys: TLS (client and quorum), auth providers, metrics provider options, throttling, server lines. */
    private static final List<String> PREFIXES = List.of(
            "server.", "group.", "weight.", "ssl.", "ssl.quorum.", "authProvider.", "metricsProvider.",
            "connection_throttle_", "zookeeper.", "throttledOp", "znode.container.", "admin.");

    private KnownKeys() {
    }

    static boolean isKnown(String key) {
        return PARSED.contains(key) || PASSED_THROUGH.contains(key) || PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** The known key closest in spelling, when it is close enough to be what the operator meant. */
    static Optional<String> suggestion(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Set<String> set : List.of(PARSED, PASSED_THROUGH)) {
            for (String k : set) {
                int d = distance(key.toLowerCase(), k.toLowerCase());
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k;
                }
            }
        }
        return bestDistance <= Math.max(2, key.length() / 4) ? Optional.of(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
