package io.hakeeper.chaos;

/**
 * Every kind of fault the lab throws. {@link Side} says what a fault may hit, so the generator can run faults of
 * different sides together without two of them taking the same thing (or a ZooKeeper majority) away at once.
 */
public enum FaultKind {
    KILL_MASTER("kill-master", Side.MASTER),
    KILL_CONTROLLER("kill-controller", Side.MASTER),
    PAUSE_MASTER("pause-master", Side.MASTER),
    PAUSE_CONTROLLER("pause-controller", Side.MASTER),
    /** The master and its controller: on a master host, that is the whole host frozen. */
    PAUSE_PAIR("pause-master-host", Side.MASTER),
    HEALTH_FLAP("health-flap", Side.MASTER),
    /** The master's health endpoint stops answering (the rest of it answers): the controller's check times out. */
    HEALTH_HANG("health-hang", Side.MASTER),
    TCP_RESET("tcp-reset-to-zk", Side.MASTER),
    ONE_WAY("one-way-partition", Side.MASTER),
    MASTER_LINK_DOWN("master-host-link-down", Side.MASTER),
    MASTER_PACKET_LOSS("master-host-packet-loss", Side.MASTER),
    PARTITION_ISOLATE_ACTIVE("partition", Side.MASTER, Shape.ISOLATE_ACTIVE),
    PARTITION_CUT_ACTIVE_FROM_ZK("partition", Side.MASTER, Shape.CUT_ACTIVE_FROM_ZK),
    PARTITION_CUT_MASTER_FROM_CONTROLLER("partition", Side.MASTER, Shape.CUT_MASTER_FROM_CONTROLLER),
    PAUSE_ZK_LEADER("pause-zk-leader", Side.ZOOKEEPER),
    PAUSE_ZK_FOLLOWER("pause-zk-follower", Side.ZOOKEEPER),
    RESTART_ZK_MEMBER("restart-zk-member", Side.ZOOKEEPER),
    ZK_LINK_DOWN("zk-host-link-down", Side.ZOOKEEPER),
    ZK_PACKET_LOSS("zk-host-packet-loss", Side.ZOOKEEPER),
    PARTITION_ISOLATE_HOST("partition", Side.ZOOKEEPER, Shape.ISOLATE_HOST),
    /** The fencing method fails (exit 1): a controller that must fence the old active cannot become active. */
    FENCE_FAILS("fence-fails", Side.FENCING),
    /** The fencing method hangs until the fencing timeout kills it: the same, slower. */
    FENCE_HANGS("fence-hangs", Side.FENCING),
    PARTITION_MAJORITY_MINORITY("partition", Side.WHOLE_LAB, Shape.MAJORITY_MINORITY),
    PARTITION_RING("partition", Side.WHOLE_LAB, Shape.RING),
    PARTITION_BRIDGE("partition", Side.WHOLE_LAB, Shape.BRIDGE),
    /**
     * The active's host and the ZooKeeper server its controller uses, cut from everything else: that server is cut
     * from its leader (or is a leader without its quorum) yet answers the active for a while. The split brain the lab
     * first found (StaleFollowerScenario).
     */
    PARTITION_ACTIVE_WITH_ITS_SERVER("partition", Side.WHOLE_LAB, Shape.ACTIVE_WITH_ITS_SERVER);

    /**
     * What a fault may touch: the master hosts, one ZooKeeper member, the fencing method (it matters only when a
     * fault of another side causes a failover meanwhile), or every host (it runs alone).
     */
    public enum Side { MASTER, ZOOKEEPER, FENCING, WHOLE_LAB }

    /** The partition shapes. */
    public enum Shape {
        ISOLATE_HOST("isolate-host"), ISOLATE_ACTIVE("isolate-active"), MAJORITY_MINORITY("majority-minority"),
        RING("ring"), BRIDGE("bridge"), CUT_ACTIVE_FROM_ZK("cut-active-from-zk"),
        CUT_MASTER_FROM_CONTROLLER("cut-master-from-controller"), ACTIVE_WITH_ITS_SERVER("active-with-its-zk-server");

        public final String label;

        Shape(String label) {
            this.label = label;
        }
    }

    public final String label;
    public final Side side;
    public final Shape shape;

    FaultKind(String label, Side side) {
        this(label, side, null);
    }

    FaultKind(String label, Side side, Shape shape) {
        this.label = label;
        this.side = side;
        this.shape = shape;
    }

    /** The name the report groups by: the kind, and for a partition its shape. */
    public String reportName() {
        return shape == null ? label : label + ":" + shape.label;
    }

    /** A fault of ZooKeeper alone: within T it must cause no failover. */
    public boolean zookeeperOnly() {
        return side == Side.ZOOKEEPER;
    }

    /** Kills and restarts: the duration is how long until the restart. */
    public boolean isKill() {
        return this == KILL_MASTER || this == KILL_CONTROLLER || this == RESTART_ZK_MEMBER;
    }
}
