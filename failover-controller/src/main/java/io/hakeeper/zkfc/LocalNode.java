package io.hakeeper.zkfc;

import io.hakeeper.core.error.HakeeperException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which master this controller sits beside, found the way Hadoop's DFSZKFailoverController finds its NameNode:
 * {@code dfs.ha.namenode.id} if set, else the one node whose address is an address of this machine. Resolves
 * host names, so it runs when the controller starts, not while the settings are parsed.
 */
final class LocalNode {
    private LocalNode() {
    }

    static String pick(ZkfcSettings settings) {
        String configured = settings.configuredLocalNode();
        if (configured != null) {
            return configured;
        }
        List<String> local = new ArrayList<>();
        for (NodeSpec node : settings.nodes().values()) {
            if (isLocal(node.host())) {
                local.add(node.id());
            }
        }
        local.sort(null);
        if (local.size() == 1) {
            return local.get(0);
        }
        if (local.isEmpty()) {
            throw HakeeperException.config("none of the masters of " + settings.nameservice() + " " + sortedIds(settings)
                    + " has an address of this machine: run the controller on a master's host, or pass --node NN"
                    + " (or set dfs.ha.namenode.id)");
        }
        throw HakeeperException.config("masters " + local + " of " + settings.nameservice() + " all have addresses of"
                + " this machine: pass --node NN (or set dfs.ha.namenode.id) to say which one this controller is for");
    }

    /** Hadoop's NetUtils.isLocalAddress: a wildcard or loopback address, or one bound to an interface here. */
    static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }

    private static List<String> sortedIds(ZkfcSettings settings) {
        List<String> ids = new ArrayList<>(settings.nodes().keySet());
        ids.sort(null);
        return ids;
    }
}
