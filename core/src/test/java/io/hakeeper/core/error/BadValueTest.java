package io.hakeeper.core.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A hand-parsed command line's missing or malformed value: a usage error (exit 2) naming the flag and the fix. */
class BadValueTest {
    @Test
    void aMalformedOrMissingValueIsAUsageErrorNamingTheFlag() {
        String[] args = {"rs", "--session-ms", "ten"};
        HakeeperException malformed = HakeeperException.badValue(args, 2, new NumberFormatException("ten"));
        assertEquals(ExitCode.USAGE, malformed.exitCode());
        assertEquals("--session-ms ten is not a number: give one, e.g. --session-ms 1", malformed.getMessage());
        HakeeperException missing = HakeeperException.badValue(new String[] {"--id"}, 1, new ArrayIndexOutOfBoundsException());
        assertEquals(ExitCode.USAGE, missing.exitCode());
        assertEquals("--id needs a value after it", missing.getMessage());
    }
}
