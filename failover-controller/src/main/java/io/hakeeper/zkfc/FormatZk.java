package io.hakeeper.zkfc;

import io.hakeeper.core.election.ElectorOptions;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.io.BufferedReader;
import java.io.PrintStream;
import org.apache.curator.framework.CuratorFramework;

/**
 * {@code hakeeper zkfc -formatZK [-force] [-nonInteractive]}, with Hadoop's semantics: create the election znode
 * (and its parents, empty, with the configured ACL); if it exists, clear it only with -force or after the operator
 * says yes, never silently. Clearing keeps one child: the fencing epoch ({@link ElectorOptions#EPOCH_ZNODE}), whose
 * version must only grow, so that no term begun after the format can have a number a term before it had.
 */
public final class FormatZk {
    private FormatZk() {
    }

    public static void format(CuratorFramework client, HdfsHaZnodes layout, boolean force, boolean interactive,
                              BufferedReader in, PrintStream out) throws Exception {
        String dir = layout.workingDir();
        if (client.checkExists().forPath(dir) != null) {
            if (!force) {
                boolean yes = false;
                if (interactive) {
                    out.print("The election znode " + dir + " already exists. Formatting forgets the current election."
                            + " Proceed? (Y or N) ");
                    out.flush();
                    String answer = in.readLine();
                    yes = answer != null && answer.trim().equalsIgnoreCase("y");
                }
                if (!yes) {
                    throw new HakeeperException(ExitCode.CONFLICT, dir + " already exists and was kept: pass -force to"
                            + " delete and recreate it");
                }
            }
            for (String child : client.getChildren().forPath(dir)) {
                if (!child.equals(ElectorOptions.EPOCH_ZNODE)) {
                    client.delete().deletingChildrenIfNeeded().forPath(dir + "/" + child);
                }
            }
        } else {
            client.create().creatingParentsIfNeeded().forPath(dir);
        }
        out.println("formatted " + dir);
    }
}
