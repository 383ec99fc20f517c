package io.hakeeper.core.zk;

import java.util.List;
import java.util.UUID;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Learns whether this client may create znodes at a path without writing anything: a multi of "create a probe" and a
 * check that cannot pass. A multi is all or nothing, so the probe never lands; the server reports NoAuth for the
 * create when the ACL denies it, and BadVersion for the check when it allows it. A command that must do several
 * writes (begin a term, then format a store) asks first, so a denial does not leave the first write behind.
 */
public final class WriteProbe {
    private WriteProbe() {
    }

    /**
     * Whether we may create {@code path} (with its missing parents), or children of it when it exists. Throws
     * {@link KeeperException.NoAuthException} naming the znode whose ACL refuses us a child.
     */
    public static void requireCreate(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
        String parent = nearestExisting(zk, path);
        String probe = (parent.equals("/") ? "" : parent) + "/hakeeper-write-probe-" + UUID.randomUUID();
        try {
            zk.multi(List.of(Op.create(probe, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                    Op.check("/", Integer.MAX_VALUE))); // the root's data version never gets there: the multi fails
            zk.delete(probe, -1); // unreachable in practice; never leave the probe behind if it happens
        } catch (KeeperException.NoAuthException denied) {
            throw (KeeperException.NoAuthException) KeeperException.create(KeeperException.Code.NOAUTH, parent);
        } catch (KeeperException.BadVersionException allowed) {
            // the create passed the ACL check; the whole multi was rolled back
        }
    }

    private static String nearestExisting(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
        String p = path;
        while (!p.equals("/") && zk.exists(p, false) == null) {
            int slash = p.lastIndexOf('/');
            p = slash == 0 ? "/" : p.substring(0, slash);
        }
        return p;
    }
}
