package io.hakeeper.zkfc;

import io.hakeeper.core.fencing.FenceTarget;
import io.hakeeper.core.health.HealthCheck;
import io.hakeeper.zkfc.target.ServiceTarget;
import java.util.List;

/** One master of a nameservice: its address, its controller's port, how to drive it and how to check it. */
public record NodeSpec(String nameservice, String id, String host, int port, int zkfcPort, ServiceTarget target,
                       List<HealthCheck> checks) {

    /** What this node writes into the lock and breadcrumb when it is elected. */
    public ActiveNodeInfo info() {
        return new ActiveNodeInfo(nameservice, id, host, port, zkfcPort);
    }

    public FenceTarget fenceTarget() {
        return new FenceTarget(host, port, nameservice, id);
    }
}
