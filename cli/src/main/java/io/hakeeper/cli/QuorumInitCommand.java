package io.hakeeper.cli;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.AuthSpec;
import io.hakeeper.quorum.MemberSpec;
import io.hakeeper.quorum.Problem;
import io.hakeeper.quorum.QuorumInit;
import io.hakeeper.quorum.ServerEntry;
import io.hakeeper.quorum.TlsFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "init", description = "Write a validated zoo.cfg and myid for one member, with hakeeper's defaults.")
final class QuorumInitCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "This server's id: its position in --servers, from 1.")
    int id;

    @Option(names = "--servers", required = true, paramLabel = "H:2888:3888[:observer],...",
            description = "Every member, in id order; add :observer to a member that should not vote.")
    String servers;

    @Option(names = "--data-dir", required = true, paramLabel = "DIR", description = "Snapshots, logs and myid.")
    Path dataDir;

    @Option(names = "--client-port", defaultValue = "2181", description = "Client port (TLS-only with --tls).")
    int clientPort;

    @Option(names = "--admin-port", defaultValue = "8080", description = "AdminServer HTTP port.")
    int adminPort;

    @Option(names = "--metrics-port", defaultValue = "7000", description = "Prometheus /metrics port.")
    int metricsPort;

    @Option(names = "--bind", paramLabel = "ADDR", description = "The address the client, admin and metrics ports listen"
            + " on (an IP address of this host). Default: every interface. The quorum and election ports listen on this"
            + " member's own entry in --servers.")
    String bind;

    @Option(names = "--config", defaultValue = "zoo.cfg", paramLabel = "FILE", description = "Where to write zoo.cfg.")
    Path config;

    @Option(names = "--force", description = "Overwrite an existing zoo.cfg.")
    boolean force;

    @Option(names = "--tls", description = "TLS for clients and between members (needs the three --tls-* files).")
    boolean tls;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "This server's keystore.")
    Path keyStore;

    @Option(names = "--tls-truststore", paramLabel = "FILE", description = "Truststore with the CA of all members and clients.")
    Path trustStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", description = "File holding the stores' password.")
    Path passwordFile;

    @Option(names = "--tls-store-type", defaultValue = "PKCS12", description = "PKCS12, JKS or PEM.")
    String storeType;

    @Option(names = "--super-password-file", paramLabel = "FILE",
            description = "Enable the 'super' admin identity (digest super:PASSWORD) with the password in this file.")
    Path superPasswordFile;

    @Option(names = "--sasl", description = "Accept SASL clients (start the server with --jaas).")
    boolean sasl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (bind != null && !isIpLiteral(bind)) {
            throw HakeeperException.usage("--bind " + bind + " is not an IP address: give one of this host's (e.g. 10.0.0.5"
                    + " or ::1), or leave --bind out to listen on every interface");
        }
        checkPort("--client-port", clientPort);
        checkPort("--admin-port", adminPort);
        checkPort("--metrics-port", metricsPort);
        List<ServerEntry> entries;
        try {
            entries = ServerEntry.parseList(servers);
        } catch (HakeeperException e) {
            throw HakeeperException.usage("--servers: " + e.getMessage()); // typed on the command line, not read from a file
        }
        TlsFiles tlsFiles = null;
        if (tls) {
            if (keyStore == null || trustStore == null || passwordFile == null) {
                throw HakeeperException.config("--tls needs --tls-keystore, --tls-truststore and --tls-password-file");
            }
            tlsFiles = new TlsFiles(keyStore, trustStore, passwordFile, storeType);
        }
        String superDigest = superPasswordFile == null ? null : AuthSpec.digestId("super:" + readSecret(superPasswordFile));
        MemberSpec member = new MemberSpec(id, entries, dataDir, clientPort, adminPort, metricsPort, bind, tlsFiles,
                superDigest, sasl);
        List<Problem> warnings = QuorumInit.write(member, config, force);
        PrintWriter out = spec.commandLine().getOut();
        warnings.forEach(w -> spec.commandLine().getErr().println(w));
        out.println("wrote " + config + (member.standalone() ? " (standalone)" : " and " + dataDir.resolve("myid")
                + " for server " + id + " of " + entries.size()));
        out.println("start it with: hakeeper quorum start --config " + config);
        return 0;
    }

    private static void checkPort(String option, int port) {
        if (port < 1 || port > 65535) {
            throw HakeeperException.usage(option + " " + port + " is not a port: give a number from 1 to 65535");
        }
    }

    /** An IPv4 dotted quad (each part 0..255) or an IPv6 literal; never a name (no lookup, no surprise at start). */
    static boolean isIpLiteral(String s) {
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (s.contains(":") && s.matches("[0-9a-fA-F:.]+")) {
            try {
                return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address; // a literal: no lookup
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static String readSecret(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (s.isEmpty()) {
                throw HakeeperException.config(file + " is empty: write the super user's password into it");
            }
            return s;
        } catch (IOException e) {
            throw HakeeperException.config("cannot read " + file + ": " + e.getMessage());
        }
    }
}
