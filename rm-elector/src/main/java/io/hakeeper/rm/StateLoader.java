package io.hakeeper.rm;

import io.hakeeper.core.zk.BulkReader;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;

/**
 * {@code loadState()} as four pipelined rounds of read-only multis ({@link BulkReader}), never one synchronous read
 * per znode: (1) the directory listings and the single-value nodes; (2) the listings of the split-index parents;
 * (3) every application's data and attempt list, every key and token; (4) every attempt's data. A znode deleted
 * between rounds (a concurrent remove) is simply not there; a name or value that cannot be ours is an error naming
 * the znode.
 */
final class StateLoader {
    private final BulkReader reader;
    private final StoreLayout layout;
    private final long baseEpoch;

    StateLoader(ZooKeeper zk, StoreLayout layout, long baseEpoch, Duration deadline) {
        this.reader = new BulkReader(zk, deadline);
        this.layout = layout;
        this.baseEpoch = baseEpoch;
    }

    RmState load() throws Exception {
        // round 1: listings and single values
        List<Op> first = new ArrayList<>();
        first.add(Op.getChildren(layout.masterKeysRoot()));
        for (int s = 0; s <= StoreLayout.MAX_SPLIT; s++) {
            first.add(Op.getChildren(layout.tokenDir(s)));
        }
        for (int s = 0; s <= StoreLayout.MAX_SPLIT; s++) {
            first.add(Op.getChildren(layout.appDir(s)));
        }
        first.add(Op.getData(layout.sequenceNumber()));
        first.add(Op.getData(layout.epoch()));
        first.add(Op.getData(layout.amrmTokenRoot()));
        List<OpResult> r1 = reader.read(first);

        Map<Integer, String> keyPaths = new LinkedHashMap<>();
        for (String name : children(r1.get(0))) {
            keyPaths.put(number(layout.masterKeysRoot() + "/" + name, name, StoreLayout.KEY_PREFIX), layout.masterKeysRoot() + "/" + name);
        }
        Map<Integer, String> tokenPaths = new LinkedHashMap<>();
        Map<String, String> appPaths = new LinkedHashMap<>();
        List<String> parents = new ArrayList<>(); // split-index parents of tokens and applications
        for (int s = 0; s <= StoreLayout.MAX_SPLIT; s++) {
            for (String name : children(r1.get(1 + s))) {
                String path = layout.tokenDir(s) + "/" + name;
                if (s == 0) {
                    if (name.startsWith(StoreLayout.TOKEN_PREFIX)) {
                        tokenPaths.put(number(path, name, StoreLayout.TOKEN_PREFIX), path);
                    }
                } else {
                    parents.add(path);
                }
            }
            for (String name : children(r1.get(6 + s))) {
                String path = layout.appDir(s) + "/" + name;
                if (s == 0) {
                    if (name.startsWith(StoreLayout.APP_PREFIX)) {
                        appPaths.put(name, path);
                    } // HIERARCHIES and anything foreign at the top are not applications: YARN skips them too
                } else {
                    parents.add(path);
                }
            }
        }
        int sequence = data(r1.get(11)) == null ? 0 : StoreProtos.sequenceNumber(layout.sequenceNumber(), data(r1.get(11)));
        byte[] epochBytes = data(r1.get(12));
        long epoch = epochBytes == null ? baseEpoch : StoreProtos.epoch(layout.epoch(), epochBytes);
        byte[] amrm = data(r1.get(13));

        // round 2: the leaves under split-index parents; the parent's name plus the leaf's is the id
        List<OpResult> r2 = reader.read(parents.stream().map(Op::getChildren).toList());
        for (int i = 0; i < parents.size(); i++) {
            String parent = parents.get(i);
            String prefix = parent.substring(parent.lastIndexOf('/') + 1);
            for (String leaf : children(r2.get(i))) {
                String path = parent + "/" + leaf;
                String name = prefix + leaf;
                if (parent.startsWith(layout.tokensRoot() + "/")) {
                    tokenPaths.put(number(path, name, StoreLayout.TOKEN_PREFIX), path);
                } else if (name.startsWith(StoreLayout.APP_PREFIX)) {
                    appPaths.put(name, path);
                } else {
                    throw new CorruptZnodeException(path, "names '" + name + "', which is not an application id:"
                            + " remove the foreign znode", null);
                }
            }
        }

        // round 3: application data and attempt lists, keys, tokens
        List<Op> third = new ArrayList<>();
        List<String> appIds = new ArrayList<>(appPaths.keySet());
        for (String id : appIds) {
            third.add(Op.getData(appPaths.get(id)));
            third.add(Op.getChildren(appPaths.get(id)));
        }
        List<Integer> keyIds = new ArrayList<>(keyPaths.keySet());
        keyIds.forEach(k -> third.add(Op.getData(keyPaths.get(k))));
        List<Integer> tokenIds = new ArrayList<>(tokenPaths.keySet());
        tokenIds.forEach(t -> third.add(Op.getData(tokenPaths.get(t))));
        List<OpResult> r3 = reader.read(third);

        Map<String, byte[]> appState = new HashMap<>();
        List<String[]> attempts = new ArrayList<>(); // {appId, attemptId, path}
        for (int i = 0; i < appIds.size(); i++) {
            String id = appIds.get(i);
            byte[] state = data(r3.get(2 * i));
            if (state == null) {
                continue; // removed while we read
            }
            appState.put(id, state);
            for (String child : children(r3.get(2 * i + 1))) {
                if (child.startsWith(StoreLayout.ATTEMPT_PREFIX)) {
                    attempts.add(new String[] {id, child, appPaths.get(id) + "/" + child});
                }
            }
        }
        Map<Integer, byte[]> keys = new LinkedHashMap<>();
        int at = 2 * appIds.size();
        for (int k : keyIds) {
            byte[] v = data(r3.get(at++));
            if (v != null) {
                keys.put(k, v);
            }
        }
        Map<Integer, byte[]> tokens = new LinkedHashMap<>();
        for (int t : tokenIds) {
            byte[] v = data(r3.get(at++));
            if (v != null) {
                tokens.put(t, v);
            }
        }

        // round 4: attempt data
        List<OpResult> r4 = reader.read(attempts.stream().map(a -> Op.getData(a[2])).toList());
        Map<String, Map<String, byte[]>> attemptState = new HashMap<>();
        for (int i = 0; i < attempts.size(); i++) {
            byte[] v = data(r4.get(i));
            if (v != null) {
                attemptState.computeIfAbsent(attempts.get(i)[0], x -> new LinkedHashMap<>()).put(attempts.get(i)[1], v);
            }
        }
        Map<String, RmState.Application> apps = new LinkedHashMap<>();
        for (String id : appIds) {
            if (appState.containsKey(id)) {
                apps.put(id, new RmState.Application(id, appState.get(id), attemptState.getOrDefault(id, Map.of())));
            }
        }
        return new RmState(apps, keys, tokens, sequence, epoch, amrm);
    }

    private static List<String> children(OpResult r) {
        if (r instanceof OpResult.GetChildrenResult c) {
            return c.getChildren();
        }
        missingIsFine(r);
        return List.of();
    }

    private static byte[] data(OpResult r) {
        if (r instanceof OpResult.GetDataResult d) {
            return d.getData() == null ? new byte[0] : d.getData();
        }
        missingIsFine(r);
        return null;
    }

    private static void missingIsFine(OpResult r) {
        if (r instanceof OpResult.ErrorResult e && e.getErr() != KeeperException.Code.NONODE.intValue()) {
            throw new IllegalStateException("reading the state store failed: " + KeeperException.Code.get(e.getErr()));
        }
    }

    private static int number(String path, String name, String prefix) {
        try {
            if (name.startsWith(prefix)) {
                return Integer.parseInt(name.substring(prefix.length()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CorruptZnodeException(path, "is not a " + prefix + "<number> node: remove the foreign znode", null);
    }
}
