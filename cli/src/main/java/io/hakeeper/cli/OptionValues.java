package io.hakeeper.cli;

import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.hbase.ServerName;
import io.hakeeper.kafka.KafkaPayloads;
import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks of option values that picocli's own types cannot make. A value typed on the command line that is not what
 * its option wants is a usage error (exit 2, "Invalid value for option '--x': ..."), found before anything starts;
 * the same value read from a file (a connect string in a site XML) stays a configuration error (exit 3).
 */
final class OptionValues {
    private OptionValues() {
    }

    /** {@code --connect}: host:port[,host:port...][/chroot]. */
    static final class ConnectString implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                ZkSettings.checkConnectString(value.trim());
            } catch (HakeeperException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return value;
        }
    }

    /** A Kafka listener, {@code LISTENER://host:port}. */
    static final class Listener implements ITypeConverter<KafkaPayloads.Endpoint> {
        @Override
        public KafkaPayloads.Endpoint convert(String value) {
            try {
                KafkaPayloads.Endpoint endpoint = KafkaPayloads.Endpoint.parse(value);
                if (endpoint.host().isBlank() || endpoint.port() < 0 || endpoint.port() > 65535) {
                    throw new IllegalArgumentException("out of range");
                }
                return endpoint;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a listener: give LISTENER://HOST:PORT as in"
                        + " the broker's listeners (e.g. PLAINTEXT://kafka1:9092)");
            }
        }
    }

    /** An agent's HBase server name, {@code host,port[,startcode]}. */
    static final class Server implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                ServerName.forAgent(value, 0);
            } catch (HakeeperException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return value;
        }
    }

    /** An address of this machine to bind to. */
    static final class BindHost implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                InetAddress.getByName(value);
            } catch (UnknownHostException | SecurityException e) {
                throw new TypeConversionException("cannot resolve '" + value + "': give an address or host name of this"
                        + " machine (e.g. 127.0.0.1)");
            }
            return value;
        }
    }
}
