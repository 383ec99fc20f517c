package io.hakeeper.quorum;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.TlsSettings;
import io.hakeeper.core.zk.ZkSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 3-member TLS ensemble (client TLS over Netty and quorum TLS): who gets in and who does not. */
class TlsIT {
    @TempDir
    Path dir;

    @Test
    void onlyClientsWithACertificateFromOurCaGetIn() throws Exception {
        try (DevEnsemble ensemble = new DevEnsemble(3, 0, true, dir.resolve("ensemble")).start(Duration.ofSeconds(120))) {
            assertTrue(ensemble.status().stream().anyMatch(ServerStatus::leads), "a quorum formed over TLS: "
                    + ensemble.status());
            assertTrue(java.nio.file.Files.readString(ensemble.member(1).config()).contains("sslQuorum=true"));

            try (CuratorFramework tls = ZkSettings.builder(ensemble.connectString()).tls(ensemble.clientTls()).build()
                    .connect()) {
                tls.create().forPath("/secure", "ok".getBytes());
                assertArrayEquals("ok".getBytes(), tls.getData().forPath("/secure"));
            }

            HakeeperException plain = assertThrows(HakeeperException.class, () -> ZkSettings.builder(ensemble.connectString())
                    .connectionTimeout(Duration.ofSeconds(3)).build().connect().close());
            assertEquals(ExitCode.UNREACHABLE, plain.exitCode());

            // trusts the servers, but presents a certificate signed by another CA: the servers must refuse it
            DevCertificates otherCa = DevCertificates.ensure(dir.resolve("other-ca"), "some other CA");
            TlsSettings ours = ensemble.clientTls();
            TlsSettings foreign = new TlsSettings(otherCa.clientKeyStore(), otherCa.password(), ours.trustStore(),
                    ours.trustStorePassword(), DevCertificates.TYPE);
            HakeeperException refused = assertThrows(HakeeperException.class, () -> ZkSettings
                    .builder(ensemble.connectString()).tls(foreign).connectionTimeout(Duration.ofSeconds(3)).build()
                    .connect().close());
            assertEquals(ExitCode.UNREACHABLE, refused.exitCode());
            // and the same foreign certificate cannot even run a four-letter word
            assertEquals(ServerStatus.DOWN, new StatusProbe(TlsContext.of(foreign), Duration.ofSeconds(2))
                    .probe("127.0.0.1", ensemble.member(1).clientPort()).mode());
        }
    }
}
