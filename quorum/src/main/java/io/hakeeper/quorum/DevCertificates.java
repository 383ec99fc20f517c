package io.hakeeper.quorum;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and the keystores a dev ensemble needs: one for the servers (clients and peers), one for clients,
 * and a truststore holding the CA. Made with the JDK's own {@code keytool}, so no extra library is needed; made once
 * per directory and reused on restart. Certificates name 127.0.0.1 and localhost: loopback only, never production.
 */
public record DevCertificates(Path dir, Path serverKeyStore, Path clientKeyStore, Path trustStore, Path passwordFile,
                              String password) {

    public static final String TYPE = "PKCS12";

    /** Creates the material in {@code dir}, or loads it when it is already there. */
    public static DevCertificates ensure(Path dir, String caName) throws IOException {
        Files.createDirectories(dir);
        Path passwordFile = dir.resolve("password");
        DevCertificates certs;
        if (Files.exists(passwordFile) && Files.exists(dir.resolve("truststore.p12"))) {
            String pw = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
            return of(dir, pw);
        }
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        String pw = HexFormat.of().formatHex(random);
        certs = of(dir, pw);
        certs.generate(caName);
        Files.writeString(passwordFile, pw, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        return certs;
    }

    private static DevCertificates of(Path dir, String pw) {
        return new DevCertificates(dir, dir.resolve("server.p12"), dir.resolve("client.p12"), dir.resolve("truststore.p12"),
                dir.resolve("password"), pw);
    }

    public TlsFiles serverFiles() {
        return new TlsFiles(serverKeyStore, trustStore, passwordFile, TYPE);
    }

    /** What a client of the dev ensemble passes to connect: our client certificate and the dev CA. */
    public TlsSettings clientSettings() {
        return new TlsSettings(clientKeyStore, password, trustStore, password, TYPE);
    }

    private void generate(String caName) throws IOException {
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + caName,
                "-ext", "bc:c", "-validity", "3650", "-storetype", TYPE, "-keystore", ca.toString(),
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                "-file", caPem.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-storetype", TYPE,
                "-keystore", trustStore.toString(), "-storepass", password);
        for (Path store : List.of(serverKeyStore, clientKeyStore)) {
            String alias = store.getFileName().toString().replace(".p12", "");
            Path csr = dir.resolve(alias + ".csr");
            Path signed = dir.resolve(alias + ".pem");
            keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=hakeeper dev " + alias, "-validity", "3650", "-storetype", TYPE,
                    "-keystore", store.toString(), "-storepass", password, "-keypass", password);
            keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", password,
                    "-file", csr.toString());
            keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
                    "-infile", csr.toString(), "-outfile", signed.toString(), "-validity", "3650",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "EKU=serverAuth,clientAuth");
            keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString(),
                    "-storepass", password);
            keytool("-importcert", "-alias", alias, "-file", signed.toString(), "-keystore", store.toString(),
                    "-storepass", password);
            Files.deleteIfExists(csr);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new HakeeperException(io.hakeeper.core.error.ExitCode.FAILURE,
                        "keytool " + args[0] + " failed while making dev TLS material: " + out.trim().replace('\n', ' '));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
