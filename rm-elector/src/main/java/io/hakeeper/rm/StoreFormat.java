package io.hakeeper.rm;

import io.hakeeper.core.election.ElectorOptions;
import io.hakeeper.core.election.EpochZnode;
import io.hakeeper.core.election.FencedMulti;
import io.hakeeper.core.election.Term;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.BulkWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * {@code hakeeper rm store format}: deletes the store and lays it out empty, under a term of its own. Beginning that
 * term on the election's fencing epoch ends the term of any active RM (its store writes fail at ZooKeeper from then
 * on), and every delete and the new layout are written under it, so an RM that wins while the format runs ends the
 * format's term and stops it, instead of recovering from a store that is being deleted under it.
 */
public final class StoreFormat {
    private final CuratorFramework client;
    private final StoreSettings settings;
    private final ElectorOptions election;

    /** @param electionPath the cluster's election znode, e.g. {@code /yarn-leader-election/<cluster-id>} */
    public StoreFormat(CuratorFramework client, StoreSettings settings, String electionPath) {
        this.client = client;
        this.settings = settings;
        this.election = ElectorOptions.hadoopLayout(electionPath);
    }

    /**
     * @param force format even while an RM holds the election lock (it is fenced first)
     * @return the store's root
     * @throws HakeeperException {@link ExitCode#CONFLICT} when an RM holds the lock (without {@code force}), or won
     *                           or wrote while the format ran
     */
    public String format(boolean force, Duration deadline) throws Exception {
        Stat lock = client.checkExists().forPath(election.lockPath());
        if (lock != null && !force) {
            throw new HakeeperException(ExitCode.CONFLICT, holder() + " holds the election lock " + election.lockPath()
                    + ": stop the cluster's ResourceManagers first, or pass --force to fence it and format anyway");
        }
        // both writes below must be allowed, or a denial of the second would leave the first (a new term) behind
        io.hakeeper.core.zk.WriteProbe.requireCreate(client.getZookeeperClient().getZooKeeper(), settings.layout().root());
        if (client.checkExists().forPath(election.epochPath()) == null) {
            io.hakeeper.core.zk.WriteProbe.requireCreate(client.getZookeeperClient().getZooKeeper(), election.epochPath());
        }
        Term term = EpochZnode.beginTerm(client, election.epochPath(),
                "hakeeper rm store format".getBytes(StandardCharsets.UTF_8), "store format"); // the active RM's term ends
        String root = settings.layout().root();
        ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
        List<String> paths = new ArrayList<>();
        try {
            paths.addAll(ZKUtil.listSubTreeBFS(zk, root));
        } catch (KeeperException.NoNodeException none) {
            // nothing to delete
        }
        Collections.reverse(paths); // children before their parents
        List<Op> deletes = paths.stream().map(p -> Op.delete(p, -1)).toList();
        BulkWriter.Outcome outcome = new BulkWriter(zk, deadline).writeGuarded(term.check(), deletes,
                deletes.stream().map(op -> 0).toList());
        if (outcome.fenced()) {
            throw new HakeeperException(ExitCode.CONFLICT, "a ResourceManager became active while the store was being"
                    + " formatted (" + election.epochPath() + " moved past the format's term): stop the cluster's"
                    + " ResourceManagers and format again");
        }
        if (outcome.landed().cardinality() != deletes.size()) {
            throw new HakeeperException(ExitCode.CONFLICT, "the store changed while it was being formatted (a writer"
                    + " without the election's fencing?): stop every ResourceManager and format again");
        }
        new RmStateStore(client, settings, ops -> FencedMulti.write(client, term, ops)).open();
        return root;
    }

    private String holder() {
        try {
            return ActiveRmInfo.CODEC.decode(election.lockPath(), client.getData().forPath(election.lockPath()), null).rmId();
        } catch (Exception e) {
            return "a ResourceManager";
        }
    }
}
