package io.hakeeper.quorum;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.process.JavaProcess;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.util.FreePorts;
import io.hakeeper.core.zk.AuthSpec;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server as `quorum init --super-password-file F --sasl` writes it, run as a real process with a JAAS file:
 * digest ACLs keep strangers out, the super user gets in, and a SASL (DIGEST-MD5) client gets its sasl: identity.
 */
class SecurityIT {
    @TempDir
    Path dir;

    @Test
    void digestAclsSuperUserAndSasl() throws Exception {
        int[] ports = FreePorts.reserve(3);
        Path data = dir.resolve("data");
        MemberSpec spec = new MemberSpec(1, List.of(new ServerEntry(1, "127.0.0.1", 1, 2, false)), data, ports[0], ports[1],
                ports[2], "127.0.0.1", null, AuthSpec.digestId("super:s3cret"), true);
        Path cfg = dir.resolve("zoo.cfg");
        spec.toZooCfg().write(cfg, "security test");
        Path serverJaas = dir.resolve("server-jaas.conf");
        Files.writeString(serverJaas, "Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n"
                + "  user_alice=\"alice-pw\";\n};\n");
        Path clientJaas = dir.resolve("client-jaas.conf");
        Files.writeString(clientJaas, "Client {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n"
                + "  username=\"alice\" password=\"alice-pw\";\n};\n");
        String connect = "127.0.0.1:" + ports[0];

        try (JavaProcess server = JavaProcess.of("secure-zk", QuorumServerMain.class.getName(),
                List.of("-Xmx256m", "-Djava.security.auth.login.config=" + serverJaas),
                List.of("--config", cfg.toString(), "--log-dir", dir.resolve("logs").toString()),
                dir.resolve("logs/stdout.log")).start()) {
            StatusProbe probe = new StatusProbe(null, Duration.ofSeconds(1));
            Await.until(() -> probe.probe("127.0.0.1", ports[0]).serving(), Duration.ofSeconds(60), "a serving server");

            String bobId = AuthSpec.digestId("bob:bob-pw");
            try (CuratorFramework bob = ZkSettings.builder(connect).auth("digest:bob:bob-pw")
                    .acl("digest:" + bobId + ":cdrwa").build().connect()) {
                bob.create().forPath("/bobs", "mine".getBytes());
            }
            try (CuratorFramework stranger = ZkSettings.builder(connect).build().connect()) {
                assertThrows(KeeperException.NoAuthException.class, () -> stranger.getData().forPath("/bobs"));
            }
            try (CuratorFramework admin = ZkSettings.builder(connect).auth("digest:super:s3cret").build().connect()) {
                assertArrayEquals("mine".getBytes(), admin.getData().forPath("/bobs"), "super reads past any ACL");
                admin.setData().forPath("/bobs", "audited".getBytes());
            }
            try (CuratorFramework wrongSuper = ZkSettings.builder(connect).auth("digest:super:guess").build().connect()) {
                assertThrows(KeeperException.NoAuthException.class, () -> wrongSuper.getData().forPath("/bobs"));
            }

            try (CuratorFramework alice = ZkSettings.builder(connect).jaasFile(clientJaas).acl("sasl:alice:cdrwa").build()
                    .connect()) {
                Await.until(() -> sasl(alice), Duration.ofSeconds(10), "SASL authentication");
                alice.create().forPath("/alices", "sasl".getBytes());
                assertArrayEquals("sasl".getBytes(), alice.getData().forPath("/alices"));
            }
            try (CuratorFramework stranger = ZkSettings.builder(connect).build().connect()) {
                assertThrows(KeeperException.NoAuthException.class, () -> stranger.getData().forPath("/alices"));
            }
        }
    }

    private static boolean sasl(CuratorFramework c) {
        try {
            return c.getZookeeperClient().getZooKeeper().getSaslClient() != null
                    && c.getZookeeperClient().getZooKeeper().getSaslClient().isComplete();
        } catch (Exception e) {
            return false;
        }
    }
}
