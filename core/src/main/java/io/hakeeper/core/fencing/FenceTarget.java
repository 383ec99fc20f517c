package io.hakeeper.core.fencing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The node to fence, as Hadoop's fencers see it. {@link #parameters()} are the {@code target_*} variables a shell
 * fencer gets: host, port, address, and for NameNodes nameserviceid and namenodeid.
 */
public record FenceTarget(String host, int port, String nameserviceId, String namenodeId) {

    /** Hadoop's {@code addFencingParameters}, without the prefix. */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("address", host + ":" + port);
        p.put("host", host);
        p.put("port", Integer.toString(port));
        if (nameserviceId != null) {
            p.put("nameserviceid", nameserviceId);
        }
        if (namenodeId != null) {
            p.put("namenodeid", namenodeId);
        }
        return p;
    }

    @Override
    public String toString() {
        return (namenodeId != null ? namenodeId + " " : "") + host + ":" + port;
    }
}
