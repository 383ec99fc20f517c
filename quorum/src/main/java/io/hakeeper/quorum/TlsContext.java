package io.hakeeper.quorum;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.TlsSettings;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An {@link SSLContext} from the same keystore and truststore a ZooKeeper client uses, for 4lw probes over TLS. */
public final class TlsContext {
    private TlsContext() {
    }

    public static SSLContext of(TlsSettings tls) {
        if (tls == null) {
            return null;
        }
        try {
            KeyManagerFactory kmf = null;
            if (tls.keyStore() != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(tls.keyStore(), tls.keyStorePassword(), tls.storeType()), chars(tls.keyStorePassword()));
            }
            TrustManagerFactory tmf = null;
            if (tls.trustStore() != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(tls.trustStore(), tls.trustStorePassword(), tls.storeType()));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (HakeeperException e) {
            throw e;
        } catch (Exception e) {
            throw HakeeperException.config("cannot use the TLS keystore/truststore (" + e.getMessage()
                    + "): check the paths, the passwords and the store type");
        }
    }

    private static KeyStore load(Path file, String password, String type) throws Exception {
        if (!Files.isReadable(file)) {
            throw HakeeperException.config("cannot read " + file + ": fix the keystore/truststore path");
        }
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, chars(password));
        }
        return ks;
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }
}
