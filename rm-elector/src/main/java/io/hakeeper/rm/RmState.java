package io.hakeeper.rm;

import java.util.Map;

/**
 * Everything a new active ResourceManager recovers ({@code loadState()}): applications with their attempts,
 * delegation-token master keys and tokens, the token sequence number, the epoch, and the AMRM token state. The
 * byte values are the host's own payloads, stored as given.
 *
 * @param epoch the value of the epoch node as loaded (after this store's {@code getAndIncrementEpoch()}, the next one)
 */
public record RmState(Map<String, Application> applications, Map<Integer, byte[]> masterKeys,
                      Map<Integer, byte[]> tokens, int sequenceNumber, long epoch, byte[] amrmTokenState) {

    /** One application: its state bytes and its attempts' ({@code appattempt_...} id to bytes). */
    public record Application(String id, byte[] state, Map<String, byte[]> attempts) {
    }
}
