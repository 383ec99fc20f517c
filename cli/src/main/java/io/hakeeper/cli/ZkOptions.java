package io.hakeeper.cli;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.TlsSettings;
import io.hakeeper.core.zk.ZkSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a command reaches ZooKeeper; shared by every command that connects. */
final class ZkOptions {
    @Option(names = "--connect", paramLabel = "HOST:PORT[,...][/chroot]", converter = OptionValues.ConnectString.class,
            description = "The quorum. Default: the dev ensemble started by `hakeeper quorum dev`.")
    String connect;

    @Option(names = "--session-timeout", paramLabel = "MS", defaultValue = "10000", description = "Session timeout (ms).")
    long sessionTimeoutMs;

    @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "15000",
            description = "Give up when no server answers within this time (ms).")
    long connectTimeoutMs;

    @Option(names = "--auth", paramLabel = "SCHEME:CREDS", description = "Authentication, e.g. digest:user:password.")
    List<String> auth = new ArrayList<>();

    @Option(names = "--jaas", paramLabel = "FILE", description = "JAAS file with a Client section, for SASL.")
    Path jaas;

    @Option(names = "--acl", paramLabel = "SPEC",
            description = "ACL for znodes we create, as ha.zookeeper.acl: world:anyone:rwcda,digest:u:hash:cdrwa or @file.")
    String acl;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Client keystore (TLS quorum).")
    Path keyStore;

    @Option(names = "--tls-truststore", paramLabel = "FILE", description = "Truststore with the quorum's CA (TLS quorum).")
    Path trustStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File holding the stores' password.")
    Path passwordFile;

    String connectString() {
        if (connect != null) {
            return connect;
        }
        return DevDefaults.connectString().orElseThrow(() -> HakeeperException.config("no quorum given: pass --connect"
                + " host:port[,host:port...] or start a local one with `hakeeper quorum dev`"));
    }

    TlsSettings tls() {
        if (keyStore == null && trustStore == null) {
            return connect == null ? DevDefaults.tls().orElse(null) : null;
        }
        String password = null;
        if (passwordFile != null) {
            try {
                password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw HakeeperException.config("cannot read --tls-password-file " + passwordFile + ": " + e.getMessage());
            }
        }
        return new TlsSettings(keyStore, password, trustStore, password, null);
    }

    ZkSettings settings() {
        ZkSettings.Builder b = ZkSettings.builder(connectString())
                .sessionTimeout(Duration.ofMillis(sessionTimeoutMs))
                .connectionTimeout(Duration.ofMillis(connectTimeoutMs))
                .tls(tls())
                .jaasFile(jaas);
        auth.forEach(b::auth);
        if (acl != null) {
            b.acl(acl);
        }
        return b.build();
    }
}
