package io.hakeeper.zkfc.hadoop;

import io.hakeeper.core.health.HealthCheck;
import io.hakeeper.core.health.HealthState;
import java.time.Duration;
import org.apache.hadoop.ha.HAServiceProtocol.HAServiceState;
import org.apache.hadoop.ha.HAServiceStatus;
import org.apache.hadoop.ha.HealthCheckFailedException;

/**
 * Hadoop's HealthMonitor check over HAServiceProtocol: {@code getServiceStatus}, then {@code monitorHealth}, over one
 * connection, each bounded by the check's timeout ({@code ha.health-monitor.rpc-timeout.ms}) as Hadoop's
 * HealthMonitor bounds them. The master saying it is unhealthy
 * ({@link HealthCheckFailedException}) is unhealthy; no answer in time, or no connection, is not responding. An
 * observer NameNode is healthy but must never be elected (it would refuse to become active, and it serves reads):
 * it is reported as initializing, which keeps its controller out of the election without fencing anyone, as
 * Hadoop's ZKFC does not join the election for an observer.
 */
public record HaServiceHealthCheck(HaServiceRpcTarget target) implements HealthCheck {
    @Override
    public Result check(Duration timeout) {
        try {
            HAServiceStatus status = target.checkHealth(timeout);
            if (status.getState() == HAServiceState.OBSERVER) {
                return new Result(HealthState.INITIALIZING, "an observer: not joining the election");
            }
            return Result.healthy();
        } catch (HealthCheckFailedException e) {
            return Result.unhealthy(firstLine(e.getMessage()));
        } catch (Exception e) {
            return Result.notResponding(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public String describe() {
        return "monitorHealth over " + target.describe();
    }
}
