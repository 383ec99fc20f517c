package io.hakeeper.zkfc.hadoop;

import java.time.Duration;
import org.apache.hadoop.conf.Configuration;

/** How our calls over Hadoop IPC are bounded: every one ends within its timeout, connecting included. */
final class HadoopIpc {
    private HadoopIpc() {
    }

    /**
     * A copy of {@code conf} whose IPC client tries to connect once (Hadoop's HAServiceTarget does the same, so a dead
     * master fails fast), and waits to connect no longer than {@code timeout} (Hadoop's 20 s default with 45 retries
     * on a timed-out connect would outlast any health check).
     */
    static Configuration boundedBy(Configuration conf, Duration timeout) {
        Configuration c = new Configuration(conf);
        c.setInt("ipc.client.connect.max.retries", 1);
        c.setInt("ipc.client.connect.max.retries.on.timeouts", 1);
        c.setInt("ipc.client.connect.timeout", Math.min(millis(timeout), c.getInt("ipc.client.connect.timeout", 20_000)));
        return c;
    }

    static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
