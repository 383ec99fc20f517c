package io.hakeeper.testkit;

import io.hakeeper.quorum.DevEnsemble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A ZooKeeper ensemble of real processes (each member runs {@code QuorumServerMain}, what {@code hakeeper quorum start}
 * runs) for a whole test class. Register it as a static field with {@code @RegisterExtension}; every member is
 * stopped by PID after the class, whether its tests passed or failed.
 */
public final class ProcessQuorumExtension implements BeforeAllCallback, AfterAllCallback {
    private final int size;
    private final int observers;
    private final boolean tls;
    private DevEnsemble ensemble;

    public ProcessQuorumExtension(int size) {
        this(size, 0, false);
    }

    public ProcessQuorumExtension(int size, int observers, boolean tls) {
        this.size = size;
        this.observers = observers;
        this.tls = tls;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory("hakeeper-quorum-" + context.getRequiredTestClass().getSimpleName());
        ensemble = new DevEnsemble(size, observers, tls, dir);
        try {
            ensemble.start(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            ensemble.close();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    public DevEnsemble ensemble() {
        return ensemble;
    }

    public String connectString() {
        return ensemble.connectString();
    }
}
