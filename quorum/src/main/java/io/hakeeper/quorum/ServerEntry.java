package io.hakeeper.quorum;

import io.hakeeper.core.config.ConfigValues;
import io.hakeeper.core.error.HakeeperException;
import java.util.ArrayList;
import java.util.List;

/** One {@code server.N} line of zoo.cfg: {@code host:quorumPort:electionPort[:observer]}. */
public record ServerEntry(int id, String host, int quorumPort, int electionPort, boolean observer) {

    /** Parses {@code --servers h1:2888:3888,h2:2888:3888[,h4:2888:3888:observer]}; ids are 1.. in the given order. */
    public static List<ServerEntry> parseList(String spec) {
        if (spec == null || spec.isBlank()) {
            throw HakeeperException.config("no servers given: pass --servers host:2888:3888[,host:2888:3888...]");
        }
        List<ServerEntry> out = new ArrayList<>();
        int id = 1;
        for (String part : spec.split(",")) {
            out.add(parse(id++, part.trim()));
        }
        return out;
    }

    /** Parses the value of a {@code server.N} line (the dynamic {@code ;clientPort} suffix is ignored here). */
    public static ServerEntry parse(int id, String value) {
        String v = value.contains(";") ? value.substring(0, value.indexOf(';')) : value;
        String[] f = v.trim().split(":");
        String fix = ": write host:quorumPort:electionPort, optionally followed by :observer (or :participant)";
        if (f.length < 3 || f.length > 4 || f[0].isBlank()) {
            throw HakeeperException.config("malformed server entry '" + value + "'" + fix);
        }
        boolean observer = false;
        if (f.length == 4) {
            if (f[3].equals("observer")) {
                observer = true;
            } else if (!f[3].equals("participant")) {
                throw HakeeperException.config("server entry '" + value + "' has role '" + f[3] + "'" + fix);
            }
        }
        return new ServerEntry(id, f[0], port(f[1], value), port(f[2], value), observer);
    }

    private static int port(String s, String entry) {
        return ConfigValues.port("server entry '" + entry + "'", s);
    }

    public String cfgValue() {
        return host + ":" + quorumPort + ":" + electionPort + (observer ? ":observer" : "");
    }
}
