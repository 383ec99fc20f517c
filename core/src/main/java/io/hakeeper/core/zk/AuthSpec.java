package io.hakeeper.core.zk;

import io.hakeeper.core.error.HakeeperException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * One authentication to add to a session, as Hadoop's {@code ha.zookeeper.auth} writes it: {@code scheme:credentials},
 * for example {@code digest:user:password}. (SASL is not an auth entry: it comes from a JAAS file, see
 * {@link ZkSettings.Builder#jaasFile}.)
 */
public record AuthSpec(String scheme, byte[] credentials) {

    public static AuthSpec parse(String spec) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw HakeeperException.config("malformed auth '" + spec + "': write it as scheme:credentials,"
                    + " e.g. digest:user:password");
        }
        String scheme = spec.substring(0, colon);
        String creds = spec.substring(colon + 1);
        if (scheme.equals("digest") && creds.indexOf(':') <= 0) {
            throw HakeeperException.config("malformed digest auth '" + scheme + ":…': write it as digest:user:password");
        }
        return new AuthSpec(scheme, creds.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The ACL id ZooKeeper's digest provider expects for {@code user:password}: {@code user:base64(sha1(user:password))},
     * the form used in {@code digest:...:cdrwa} ACL entries and in the server's super-user digest.
     */
    public static String digestId(String userColonPassword) {
        try {
            return DigestAuthenticationProvider.generateDigest(userColonPassword);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA1, which ZooKeeper's digest scheme requires", e);
        }
    }
}
