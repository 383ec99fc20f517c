package io.hakeeper.zkfc;

import io.hakeeper.core.election.ElectorOptions;
import io.hakeeper.core.znode.Znode;

/**
 * Where the HDFS ZKFC keeps its election: {@code <parent>/<nameservice>/ActiveStandbyElectorLock} (ephemeral) and
 * {@code .../ActiveBreadCrumb} (persistent), both holding {@link ActiveNodeInfo}. The parent is
 * {@code ha.zookeeper.parent-znode}, {@code /hadoop-ha} by default.
 */
public record HdfsHaZnodes(String parent, String nameservice) {
    public static final String DEFAULT_PARENT = "/hadoop-ha";
    public static final String LOCK = "ActiveStandbyElectorLock";
    public static final String BREADCRUMB = "ActiveBreadCrumb";

    public HdfsHaZnodes {
        if (parent.length() > 1 && parent.endsWith("/")) {
            parent = parent.substring(0, parent.length() - 1);
        }
    }

    /** The per-nameservice working directory, e.g. {@code /hadoop-ha/mycluster}. */
    public String workingDir() {
        return (parent.equals("/") ? "" : parent) + "/" + nameservice;
    }

    public Znode<ActiveNodeInfo> lock() {
        return new Znode<>(workingDir() + "/" + LOCK, ActiveNodeInfo.CODEC);
    }

    /** hakeeper's maintenance marker: while it exists, controllers make no transitions (Hadoop's ignore it). */
    public String pauseMarker() {
        return workingDir() + "/hakeeper-paused";
    }

    public Znode<ActiveNodeInfo> breadcrumb() {
        return new Znode<>(workingDir() + "/" + BREADCRUMB, ActiveNodeInfo.CODEC);
    }

    /** The elector on this layout, with hakeeper's defaults and Hadoop's rule that the parent must be formatted. */
    public ElectorOptions electorOptions() {
        return ElectorOptions.hadoopLayout(workingDir());
    }
}
