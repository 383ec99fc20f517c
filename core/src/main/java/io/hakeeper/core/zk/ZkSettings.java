package io.hakeeper.core.zk;

import io.hakeeper.core.error.ErrorKind;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.AuthInfo;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;

/**
 * Everything needed to reach a ZooKeeper quorum, and the only place in hakeeper that knows how to connect.
 * An immutable value: building one does no I/O; {@link #newClient()} builds an unstarted client and
 * {@link #connect()} starts one and waits, up to the connection timeout, for its first session.
 */
public final class ZkSettings {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ZkSettings.class);
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RETRY_DEADLINE = Duration.ofSeconds(30);

    private final String connectString;
    private final Duration sessionTimeout;
    private final Duration connectionTimeout;
    private final Duration retryDeadline;
    private final TlsSettings tls;
    private final List<AuthSpec> auth;
    private final Path jaasFile;
    private final List<ACL> acl;

    private ZkSettings(Builder b) {
        this.connectString = b.connectString;
        this.sessionTimeout = b.sessionTimeout;
        this.connectionTimeout = b.connectionTimeout;
        this.retryDeadline = b.retryDeadline;
        this.tls = b.tls;
        this.auth = List.copyOf(b.auth);
        this.jaasFile = b.jaasFile;
        this.acl = b.acl == null ? AclSpec.parse(null) : b.acl;
    }

    private ZkSettings(ZkSettings other, String connectString) {
        this.connectString = connectString;
        this.sessionTimeout = other.sessionTimeout;
        this.connectionTimeout = other.connectionTimeout;
        this.retryDeadline = other.retryDeadline;
        this.tls = other.tls;
        this.auth = other.auth;
        this.jaasFile = other.jaasFile;
        this.acl = other.acl;
    }

    public static Builder builder(String connectString) {
        return new Builder(connectString);
    }

    public String connectString() {
        return connectString;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    public Duration retryDeadline() {
        return retryDeadline;
    }

    /** The ACL every znode we create gets (parents included), as Hadoop applies {@code ha.zookeeper.acl}. */
    public List<ACL> acl() {
        return acl;
    }

    public TlsSettings tls() {
        return tls;
    }

    /** The chroot part of the connect string ("" when none), for messages and for tools that show full paths. */
    public String chroot() {
        int slash = connectString.indexOf('/');
        return slash < 0 ? "" : connectString.substring(slash);
    }

    /** An unstarted Curator client with these settings. No I/O. */
    public CuratorFramework newClient() {
        ZKClientConfig clientConfig = new ZKClientConfig();
        if (tls != null) {
            tls.applyTo(clientConfig);
        }
        if (jaasFile != null) {
            // JAAS is JVM-wide by design of the JDK: the login configuration can only be named globally.
            System.setProperty("java.security.auth.login.config", jaasFile.toAbsolutePath().toString());
            clientConfig.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
            if (usesDigestMd5(jaasFile)) {
                // ZooKeeper 3.9 clients run in FIPS mode by default, which refuses DIGEST-MD5 and leaves a null SASL
                // client; a DigestLoginModule section can only mean DIGEST-MD5, so allow it for this client alone
                clientConfig.setProperty("zookeeper.fips-mode", "false");
                LOG.info("SASL DIGEST-MD5 (DigestLoginModule in {}): FIPS mode off for this ZooKeeper client", jaasFile);
            }
        } else {
            // without a JAAS file, SASL can only fail; turning it off avoids a warning per connection
            clientConfig.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        }
        List<AuthInfo> authInfos = new ArrayList<>();
        for (AuthSpec a : auth) {
            authInfos.add(new AuthInfo(a.scheme(), a.credentials()));
        }
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) connectionTimeout.toMillis())
                .retryPolicy(new DeadlineRetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), retryDeadline))
                .zkClientConfig(clientConfig)
                .aclProvider(new FixedAclProvider(acl))
                // Curator would otherwise write this host's IP address into every znode created without data,
                // parents included; Hadoop, HBase and Kafka create them empty
                .defaultData(new byte[0]);
        if (!authInfos.isEmpty()) {
            builder.authorization(authInfos);
        }
        return builder.build();
    }

    /**
     * Starts a client and waits for its first session, up to the connection timeout.
     *
     * @throws HakeeperException with {@link ExitCode#UNREACHABLE} when no server answered in time
     */
    public CuratorFramework connect() {
        CuratorFramework client = newClient();
        client.start();
        boolean connected;
        try {
            connected = client.blockUntilConnected((int) connectionTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new HakeeperException(ExitCode.INTERRUPTED, "interrupted while connecting to " + connectString);
        }
        if (!connected) {
            client.close();
            String hint = tls == null
                    ? " (if the quorum only takes TLS, pass --tls-truststore)"
                    : " (check that the servers' secureClientPort is in the connect string and that they trust our certificate)";
            throw new HakeeperException(ExitCode.UNREACHABLE, ErrorKind.RETRYABLE,
                    "could not reach ZooKeeper at " + connectString + " within " + connectionTimeout.toSeconds()
                            + " s: check the connect string and that a quorum is up (`hakeeper quorum status --connect "
                            + connectString + "`)" + hint, null);
        }
        return client;
    }

    /**
     * Creates the connect string's chroot (and its parents, with our ACL) when it is missing, through a client outside
     * it, as Kafka's broker does at start: a client inside a chroot that does not exist cannot create anything. For
     * the processes that register (agents); tools that only read leave a mistyped chroot missing, and say so.
     */
    public void createChrootIfMissing() throws Exception {
        String chroot = chroot();
        if (chroot.isEmpty()) {
            return;
        }
        try (CuratorFramework outside = new ZkSettings(this, connectString.substring(0, connectString.indexOf('/'))).connect()) {
            if (outside.checkExists().forPath(chroot) == null) {
                outside.create().creatingParentsIfNeeded().forPath(chroot);
                LOG.info("created the chroot {}", chroot);
            }
        } catch (org.apache.zookeeper.KeeperException.NodeExistsException raced) {
            // another process made it
        }
    }

    private static boolean usesDigestMd5(Path jaas) {
        try {
            return Files.readString(jaas).contains("DigestLoginModule");
        } catch (java.io.IOException e) {
            return false; // the builder checked it was readable; ZooKeeper will report what it cannot read
        }
    }

    @Override
    public String toString() {
        return "ZkSettings{" + connectString + ", session=" + sessionTimeout.toMillis() + "ms, tls=" + (tls != null)
                + ", auth=" + auth.stream().map(AuthSpec::scheme).toList() + ", sasl=" + (jaasFile != null)
                + ", acl=" + AclSpec.format(acl) + "}";
    }

    private record FixedAclProvider(List<ACL> acl) implements ACLProvider {
        @Override
        public List<ACL> getDefaultAcl() {
            return acl;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return acl;
        }
    }

    public static final class Builder {
        private final String connectString;
        private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private Duration retryDeadline = DEFAULT_RETRY_DEADLINE;
        private TlsSettings tls;
        private final List<AuthSpec> auth = new ArrayList<>();
        private Path jaasFile;
        private List<ACL> acl;

        private Builder(String connectString) {
            if (connectString == null || connectString.isBlank()) {
                throw HakeeperException.config("no ZooKeeper connect string: pass --connect host:port[,host:port...][/chroot]");
            }
            checkConnectString(connectString.trim());
            this.connectString = connectString.trim();
        }

        public Builder sessionTimeout(Duration d) {
            this.sessionTimeout = positive(d, "session timeout");
            return this;
        }

        public Builder connectionTimeout(Duration d) {
            this.connectionTimeout = positive(d, "connection timeout");
            return this;
        }

        public Builder retryDeadline(Duration d) {
            this.retryDeadline = positive(d, "retry deadline");
            return this;
        }

        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        /** Adds {@code scheme:credentials}, e.g. {@code digest:user:password}. */
        public Builder auth(String spec) {
            this.auth.add(AuthSpec.parse(spec));
            return this;
        }

        /** SASL: the JAAS file with a {@code Client} section (Kerberos or DIGEST-MD5). */
        public Builder jaasFile(Path file) {
            if (file != null && !Files.isReadable(file)) {
                throw HakeeperException.config("cannot read the JAAS file " + file
                        + ": give a readable file with a 'Client' section for SASL");
            }
            if (file != null) {
                checkJaas(file);
            }
            this.jaasFile = file;
            return this;
        }

        /**
         * Parses the file as the JDK will when the client logs in: a syntax error found there would surface only as
         * "authentication failed" after connecting, which sends the operator after the wrong problem.
         */
        private static void checkJaas(Path file) {
            String section = System.getProperty("zookeeper.sasl.clientconfig", "Client");
            javax.security.auth.login.Configuration parsed;
            try {
                parsed = javax.security.auth.login.Configuration.getInstance("JavaLoginConfig",
                        new java.security.URIParameter(file.toUri()));
            } catch (java.security.NoSuchAlgorithmException | SecurityException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw HakeeperException.config("the JAAS file " + file + " is malformed ("
                        + String.valueOf(cause.getMessage()).replaceAll("\\s+", " ").trim() + "): write a section like "
                        + section + " { <LoginModule> required <options>; };");
            }
            if (parsed.getAppConfigurationEntry(section) == null) {
                throw HakeeperException.config("the JAAS file " + file + " has no '" + section + "' section: add one"
                        + " with the login module the ZooKeeper client should use");
            }
        }

        /** ACLs in {@code ha.zookeeper.acl} syntax, or {@code @/path/to/file}. */
        public Builder acl(String spec) {
            this.acl = AclSpec.parse(spec);
            return this;
        }

        public Builder acl(List<ACL> acl) {
            this.acl = java.util.Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(acl)));
            return this;
        }

        public ZkSettings build() {
            return new ZkSettings(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw HakeeperException.config("the " + what + " must be positive, got " + d);
            }
            return d;
        }
    }

    /** Fails with a configuration error naming the fix when {@code cs} is not host:port[,host:port...][/chroot]. */
    public static void checkConnectString(String cs) {
        int slash = cs.indexOf('/');
        String hosts = slash < 0 ? cs : cs.substring(0, slash);
        if (slash >= 0 && (cs.length() == slash + 1 || cs.endsWith("/"))) {
            throw HakeeperException.config("bad chroot in connect string '" + cs
                    + "': a chroot is a path like /hakeeper without a trailing slash");
        }
        for (String hp : hosts.split(",")) {
            int colon = hp.lastIndexOf(':');
            String port = colon < 0 ? "2181" : hp.substring(colon + 1);
            String host = colon < 0 ? hp : hp.substring(0, colon);
            boolean ok = !host.isBlank() && port.matches("\\d{1,5}") && Integer.parseInt(port) <= 65535;
            if (!ok) {
                throw HakeeperException.config("bad server '" + hp + "' in connect string '" + cs
                        + "': write host:port[,host:port...][/chroot]");
            }
        }
    }
}
