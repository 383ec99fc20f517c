package io.hakeeper.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import org.junit.jupiter.api.Test;

/** The agents' process entry point: a usage error exits 2 with one line naming the flag, before anything connects. */
class HbaseAgentMainTest {
    @Test
    void usageErrorsExitTwo() {
        HakeeperException e = assertThrows(HakeeperException.class,
                () -> HbaseAgentMain.run(new String[] {"rs", "--connect", "127.0.0.1:1", "--session-ms", "ten"}));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("--session-ms ten is not a number: give one, e.g. --session-ms 1", e.getMessage());
        HakeeperException unknown = assertThrows(HakeeperException.class, () -> HbaseAgentMain.run(new String[] {"rs", "--bogus"}));
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        HakeeperException missing = assertThrows(HakeeperException.class, () -> HbaseAgentMain.run(new String[] {"rs", "--info-port"}));
        assertEquals("--info-port needs a value after it", missing.getMessage());
    }
}
