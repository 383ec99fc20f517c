package io.hakeeper.core.zk;

import java.nio.file.Path;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * Client-side TLS to a ZooKeeper quorum: the Netty client socket with a keystore (our certificate, for servers
 * that require client authentication) and a truststore (the CA that signed the servers). These are the same
 * settings Hadoop's ZKCuratorManager applies; we set them on the one client's {@link ZKClientConfig}, never as
 * JVM-wide system properties, so two clients in one process can use different material.
 */
public record TlsSettings(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword,
                          String storeType) {

    public TlsSettings {
        if (storeType == null || storeType.isBlank()) {
            storeType = guessType(trustStore != null ? trustStore : keyStore);
        }
    }

    static String guessType(Path store) {
        String name = store == null ? "" : store.getFileName().toString().toLowerCase();
        if (name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".pkcs12")) {
            return "PKCS12";
        }
        if (name.endsWith(".pem") || name.endsWith(".crt")) {
            return "PEM";
        }
        return "JKS";
    }

    void applyTo(ZKClientConfig config) {
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        if (keyStore != null) {
            config.setProperty("zookeeper.ssl.keyStore.location", keyStore.toString());
            config.setProperty("zookeeper.ssl.keyStore.password", keyStorePassword == null ? "" : keyStorePassword);
            config.setProperty("zookeeper.ssl.keyStore.type", storeType);
        }
        if (trustStore != null) {
            config.setProperty("zookeeper.ssl.trustStore.location", trustStore.toString());
            config.setProperty("zookeeper.ssl.trustStore.password", trustStorePassword == null ? "" : trustStorePassword);
            config.setProperty("zookeeper.ssl.trustStore.type", storeType);
        }
    }
}
