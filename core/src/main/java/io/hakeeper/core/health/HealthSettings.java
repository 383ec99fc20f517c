package io.hakeeper.core.health;

import io.hakeeper.core.config.ConfigValues;
import java.time.Duration;
import java.util.Map;

/** Hadoop's {@code ha.health-monitor.*} settings, with Hadoop's defaults. */
public record HealthSettings(Duration checkInterval, Duration connectRetryInterval, Duration sleepAfterDisconnect,
                             Duration checkTimeout) {

    public static final String CHECK_INTERVAL = "ha.health-monitor.check-interval.ms";
    public static final String CONNECT_RETRY_INTERVAL = "ha.health-monitor.connect-retry-interval.ms";
    public static final String SLEEP_AFTER_DISCONNECT = "ha.health-monitor.sleep-after-disconnect.ms";
    public static final String RPC_TIMEOUT = "ha.health-monitor.rpc-timeout.ms";

    public static HealthSettings defaults() {
        return new HealthSettings(Duration.ofMillis(1000), Duration.ofMillis(1000), Duration.ofMillis(1000),
                Duration.ofMillis(45000));
    }

    /** From configuration keys as Hadoop names them; absent keys take Hadoop's defaults. */
    public static HealthSettings from(Map<String, String> conf) {
        HealthSettings d = defaults();
        return new HealthSettings(ms(conf, CHECK_INTERVAL, d.checkInterval()), ms(conf, CONNECT_RETRY_INTERVAL,
                d.connectRetryInterval()), ms(conf, SLEEP_AFTER_DISCONNECT, d.sleepAfterDisconnect()),
                ms(conf, RPC_TIMEOUT, d.checkTimeout()));
    }

    private static Duration ms(Map<String, String> conf, String key, Duration dflt) {
        return ConfigValues.positiveMillis(key, conf.get(key), dflt);
    }
}
