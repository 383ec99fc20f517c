package io.hakeeper.core.error;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;

class ExitCodeTest {
    @Test
    void codesAreDistinctAndTabled() {
        assertEquals(ExitCode.values().length, Arrays.stream(ExitCode.values()).mapToInt(ExitCode::code).distinct().count());
        for (ExitCode c : ExitCode.values()) {
            assertTrue(ExitCode.table().contains(c.name()));
        }
    }

    @Test
    void classifiesZooKeeperFailures() {
        assertEquals(ErrorKind.RETRYABLE, ErrorKind.of(new KeeperException.ConnectionLossException()));
        assertEquals(ErrorKind.SESSION, ErrorKind.of(new KeeperException.SessionExpiredException()));
        assertEquals(ErrorKind.FATAL, ErrorKind.of(new KeeperException.NoAuthException()));
        assertEquals(ErrorKind.RETRYABLE, ErrorKind.of(new RuntimeException(new KeeperException.OperationTimeoutException())));
    }
}
