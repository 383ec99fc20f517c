package io.hakeeper.cli;

import io.hakeeper.core.zk.TlsSettings;
import io.hakeeper.quorum.DevCertificates;
import io.hakeeper.quorum.DevEnsemble;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code hakeeper quorum dev} keeps its ensemble, and what the other commands use when no quorum is named:
 * the dev ensemble's connect string (and its client TLS material when it runs with --tls).
 */
final class DevDefaults {
    private DevDefaults() {
    }

    /** {@code $HAKEEPER_DEV_DIR}, else {@code ~/.hakeeper/dev}. */
    static Path dir() {
        String env = System.getenv("HAKEEPER_DEV_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".hakeeper", "dev");
    }

    static Optional<String> connectString() {
        Path f = dir().resolve(DevEnsemble.CONNECT_FILE);
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).trim()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The dev ensemble's client TLS material, when the dev ensemble runs with TLS. */
    static Optional<TlsSettings> tls() {
        Path tlsDir = dir().resolve("tls");
        if (!Files.exists(tlsDir.resolve("password"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(DevCertificates.ensure(tlsDir, "hakeeper dev CA").clientSettings());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
