package io.hakeeper.core.election;

import io.hakeeper.core.error.ZkErrors;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooKeeper;

/**
 * The one fenced write: a {@code multi} headed by the term's check ({@link Term#check()}), sent once. Its outcomes
 * are three and never confused: all of it landed; {@link FencedException} (the check failed: a later term began;
 * or the session it was sent on had expired: either way nothing was written); {@link OutcomeUnknownException} (the
 * reply was lost: it may have landed). Any other
 * {@link KeeperException} is an op of the caller's that failed, and ZooKeeper wrote nothing of the multi.
 *
 * <p>It goes straight to the ZooKeeper handle, not through Curator's retry loop: a multi resent after a lost reply
 * could apply twice (an unconditional set) or fail on its own first landing (a versioned set, a create), and either
 * would be reported as something it is not.
 */
public final class FencedMulti {
    private FencedMulti() {
    }

    /** {@code ops} behind {@code term}'s check, in one multi on the client's current handle. */
    public static List<OpResult> write(CuratorFramework client, Term term, List<CuratorOp> ops) throws Exception {
        List<Op> raw = new ArrayList<>(ops.size());
        for (CuratorOp op : ops) {
            raw.add(op.get());
        }
        return write(client.getZookeeperClient().getZooKeeper(), term, raw);
    }

    /** {@code ops} behind {@code term}'s check, in one multi. */
    public static List<OpResult> write(ZooKeeper zk, Term term, List<Op> ops) throws KeeperException, InterruptedException {
        List<Op> all = new ArrayList<>(ops.size() + 1);
        all.add(term.check());
        all.addAll(ops);
        try {
            return zk.multi(all);
        } catch (KeeperException e) {
            if (ZkErrors.firstOpFailed(e.getResults())) {
                throw fenced(term);
            }
            if (e.code() == KeeperException.Code.SESSIONEXPIRED) {
                // the client fails a request on a dead handle without sending it, and the server refuses one from an
                // expired session before applying it: nothing was written, and whatever the session held is gone
                throw new FencedException("the ZooKeeper session that " + term + " wrote through has expired: nothing"
                        + " was written, and the term's holder must not act as active");
            }
            if (lostReply(e.code())) {
                throw new OutcomeUnknownException(term, "the reply to a write of " + term + " was lost (" + e.code()
                        + "): it may or may not have landed; read it back before acting on it", e);
            }
            throw e;
        }
    }

    /** The refusal for a write of {@code term} after a later term began. */
    public static FencedException fenced(Term term) {
        return new FencedException(term + " is over: " + term.epochPath() + " moved past version " + term.version()
                + " (a later term began); nothing was written");
    }

    /** The codes after which a sent request may or may not have been applied. */
    static boolean lostReply(KeeperException.Code code) {
        return code == KeeperException.Code.CONNECTIONLOSS || code == KeeperException.Code.OPERATIONTIMEOUT
                || code == KeeperException.Code.SESSIONMOVED || code == KeeperException.Code.REQUESTTIMEOUT;
    }
}
