package io.hakeeper.zkfc;

import io.hakeeper.core.fencing.FenceMethod;
import io.hakeeper.core.fencing.FenceTarget;
import io.hakeeper.zkfc.target.ServiceTarget;
import java.time.Duration;

/** The first, gentle fencing method, as Hadoop's tryGracefulFence: ask the old active to become standby. */
record GracefulFence(ServiceTarget oldActive, Duration timeout) implements FenceMethod {
    @Override
    public boolean fence(FenceTarget target, Duration ignored) throws Exception {
        oldActive.transitionToStandby(timeout);
        return true;
    }

    @Override
    public String describe() {
        return "graceful transition to standby";
    }
}
