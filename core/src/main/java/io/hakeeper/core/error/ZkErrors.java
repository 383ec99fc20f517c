package io.hakeeper.core.error;

import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;

/**
 * Turns ZooKeeper failures into one-line {@link HakeeperException}s that name the problem and the fix.
 * Kept in one place so every command words the same failure the same way.
 */
public final class ZkErrors {
    private ZkErrors() {
    }

    /**
     * True when the first op of a failed multi is the one that failed: ZooKeeper reports the failing op with its
     * error, the ops before it with 0 (rolled back) and those after it as not run, so a guard placed first (a
     * version check) failed exactly when this holds.
     */
    public static boolean firstOpFailed(List<OpResult> results) {
        return results != null && !results.isEmpty() && results.get(0) instanceof OpResult.ErrorResult err && err.getErr() != 0;
    }

    public static HakeeperException explain(KeeperException e, String connectString) {
        String path = e.getPath() == null ? "" : " on " + e.getPath();
        switch (e.code()) {
            case NOAUTH:
                return new HakeeperException(ExitCode.AUTH,
                        "ZooKeeper denied the operation" + path + " (NoAuth): authenticate with --auth digest:user:password"
                                + " or a SASL JAAS file that the znode's ACL grants", e);
            case AUTHFAILED:
                return new HakeeperException(ExitCode.AUTH,
                        "ZooKeeper rejected our credentials (AuthFailed): check the user and password given with --auth,"
                                + " or the JAAS file", e);
            case NONODE:
                return new HakeeperException(ExitCode.NOT_FOUND,
                        "no znode" + path + ": check the path (and the chroot in --connect " + connectString + ")", e);
            case NODEEXISTS:
                return new HakeeperException(ExitCode.CONFLICT, "znode already exists" + path, e);
            case BADVERSION:
                return new HakeeperException(ExitCode.CONFLICT,
                        "znode" + path + " changed under us (BadVersion): someone else wrote it; read it again", e);
            case NOTEMPTY:
                return new HakeeperException(ExitCode.CONFLICT, "znode" + path + " has children; delete them first", e);
            case CONNECTIONLOSS:
            case OPERATIONTIMEOUT:
            case SESSIONEXPIRED:
                return new HakeeperException(ExitCode.UNREACHABLE, ErrorKind.of(e.code()),
                        "lost the ZooKeeper connection to " + connectString + " (" + e.code()
                                + "): check that a quorum is up with `hakeeper quorum status --connect " + connectString + "`", e);
            default:
                return new HakeeperException(ExitCode.FAILURE, ErrorKind.of(e.code()),
                        "ZooKeeper error " + e.code() + path, e);
        }
    }
}
