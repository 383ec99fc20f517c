package io.hakeeper.zkfc.hadoop;

import io.hakeeper.zkfc.target.ServiceTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.SocketFactory;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.ha.HAServiceProtocol;
import org.apache.hadoop.ha.HAServiceProtocol.RequestSource;
import org.apache.hadoop.ha.HAServiceProtocol.StateChangeRequestInfo;
import org.apache.hadoop.ha.HAServiceProtocolHelper;
import org.apache.hadoop.ha.HAServiceStatus;
import org.apache.hadoop.ha.protocolPB.HAServiceProtocolClientSideTranslatorPB;
import org.apache.hadoop.net.NetUtils;

/**
 * A master driven over Hadoop IPC's {@code HAServiceProtocol}, as Hadoop's ZKFC drives it: a NameNode's (service)
 * RPC address, or a ResourceManager's AdminService. State changes are sent as {@code REQUEST_BY_ZKFC}, the only
 * source a master accepts while automatic failover is enabled (or another source, for masters run without it). Each
 * call uses a proxy bounded by its timeout: the RPC timeout, and connection attempts cut to one so a dead master
 * answers fast (as Hadoop's HAServiceTarget).
 */
public final class HaServiceRpcTarget implements ServiceTarget {
    private static final int MAX_BOUNDED = 8;
    private final InetSocketAddress address;
    private final StateChangeRequestInfo source;
    private final Supplier<Configuration> conf;
    /** Per timeout, a copy of the configuration with the IPC client bounded by it; few distinct timeouts exist. */
    private final Map<Duration, Configuration> bounded = new ConcurrentHashMap<>();

    /** A NameNode's: every state change as {@code REQUEST_BY_ZKFC}. */
    public HaServiceRpcTarget(InetSocketAddress address, Supplier<Configuration> conf) {
        this(address, RequestSource.REQUEST_BY_ZKFC, conf);
    }

    /**
     * @param source what state changes say they come from: {@code REQUEST_BY_ZKFC} for a master with automatic
     *               failover on; {@code REQUEST_BY_USER} for one with it off (a Hadoop 3.4 ResourceManager accepts a
     *               ZKFC's requests only with automatic failover on, which it allows only with its own elector)
     * @param conf   built on first use, so that reading the settings loads no Hadoop classes' defaults
     */
    public HaServiceRpcTarget(InetSocketAddress address, RequestSource source, Supplier<Configuration> conf) {
        this.address = address;
        this.source = new StateChangeRequestInfo(source);
        this.conf = conf;
    }

    public InetSocketAddress address() {
        return address;
    }

    /**
     * Hadoop's health check, both calls over one connection: the master's status, then monitorHealth, which throws
     * {@link org.apache.hadoop.ha.HealthCheckFailedException} if the master says it is unhealthy.
     */
    public HAServiceStatus checkHealth(Duration timeout) throws IOException {
        return call(timeout, proxy -> {
            HAServiceStatus status = proxy.getServiceStatus();
            HAServiceProtocolHelper.monitorHealth(proxy, source);
            return status;
        });
    }

    public HAServiceStatus status(Duration timeout) throws IOException {
        return call(timeout, HAServiceProtocol::getServiceStatus);
    }

    @Override
    public State state(Duration timeout) throws IOException {
        return switch (status(timeout).getState()) {
            case ACTIVE -> State.ACTIVE;
            case STANDBY -> State.STANDBY;
            case OBSERVER -> State.OBSERVER;
            case STOPPING -> State.STOPPING;
            case INITIALIZING -> State.INITIALIZING;
        };
    }

    /** The epoch is ours; HAServiceProtocol has no field for it (a NameNode's fencing is its journal's epoch). */
    @Override
    public void transitionToActive(long epoch, Duration timeout) throws IOException {
        call(timeout, proxy -> {
            HAServiceProtocolHelper.transitionToActive(proxy, source);
            return null;
        });
    }

    @Override
    public void transitionToStandby(Duration timeout) throws IOException {
        call(timeout, proxy -> {
            HAServiceProtocolHelper.transitionToStandby(proxy, source);
            return null;
        });
    }

    @Override
    public String describe() {
        String by = source.getSource() == RequestSource.REQUEST_BY_ZKFC ? "" : " as " + source.getSource();
        return "hadoop-rpc " + address.getHostString() + ":" + address.getPort() + by;
    }

    private interface Call<T> {
        T on(HAServiceProtocol proxy) throws IOException;
    }

    private <T> T call(Duration timeout, Call<T> call) throws IOException {
        if (bounded.size() > MAX_BOUNDED) {
            bounded.clear(); // callers use a handful of configured timeouts; never let odd ones pile up
        }
        Configuration c = bounded.computeIfAbsent(timeout, t -> HadoopIpc.boundedBy(conf.get(), t));
        SocketFactory sockets = NetUtils.getDefaultSocketFactory(c);
        // resolved per call, as Hadoop resolves per proxy: the settings hold the name, a moved master is found again
        InetSocketAddress resolved = new InetSocketAddress(address.getHostString(), address.getPort());
        try (HAServiceProtocolClientSideTranslatorPB proxy = new HAServiceProtocolClientSideTranslatorPB(resolved, c,
                sockets, HadoopIpc.millis(timeout))) {
            return call.on(proxy);
        }
    }
}
