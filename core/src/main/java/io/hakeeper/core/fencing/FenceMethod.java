package io.hakeeper.core.fencing;

import java.time.Duration;

/** One way to make sure the old active can do no harm. */
public interface FenceMethod {
    /**
     * Fences {@code target}, giving up after {@code timeout}.
     *
     * @return true only when the target is known to be fenced
     * @throws Exception when the method could not run; counts as not fenced
     */
    boolean fence(FenceTarget target, Duration timeout) throws Exception;

    /** As written in the configuration, e.g. {@code shell(/usr/local/bin/fence-nn.sh)}. */
    String describe();
}
