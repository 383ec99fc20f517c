package io.hakeeper.core.znode;

import java.util.Optional;
import org.apache.zookeeper.data.Stat;

/**
 * Turns the bytes of a known znode into text for {@code hakeeper zk get}. Each feature module registers one through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.hakeeper.core.znode.PayloadDecoder}) for the paths it
 * owns, so the inspection command learns new payloads without depending on the modules.
 */
public interface PayloadDecoder {
    /** The decoded text, or empty when this decoder does not know the path. Throws when it knows it but cannot read it. */
    Optional<String> decode(String path, byte[] data, Stat stat);
}
