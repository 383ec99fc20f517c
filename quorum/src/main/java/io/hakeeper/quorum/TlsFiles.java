package io.hakeeper.quorum;

import java.nio.file.Path;

/**
 * A server's TLS material: one keystore (its certificate and key) and one truststore (the CA it trusts), used both
 * for clients and between quorum members. The password is given by file so it stays out of zoo.cfg.
 */
public record TlsFiles(Path keyStore, Path trustStore, Path passwordFile, String type) {
}
