package io.hakeeper.core.election;

import org.apache.zookeeper.Op;

/**
 * One term of office: what a holder's writes are fenced on, captured once when the term began. The token lives on
 * an epoch znode that nothing deletes in normal operation and whose version only grows (Kafka's
 * {@code /controller_epoch} is the model), so a term's check can never pass again once a later term began, whatever
 * happened to the lock or the breadcrumb in between.
 *
 * @param epochPath the never-deleted epoch znode of the election
 * @param version   the epoch znode's version this term set: the small, strictly increasing term number
 * @param token     strictly increasing across holders, what a master stamps its own writes with: the zxid of the
 *                  write that began the term (Hadoop-style fencing tokens, 64 bits), or the counter Kafka's
 *                  controller epoch is ({@link ElectorOptions.EpochStyle})
 * @param holder    who holds the term, for messages
 */
public record Term(String epochPath, int version, long token, String holder) {
    public Term {
        if (version < 0) {
            throw new IllegalArgumentException("a term's version is never negative, got " + version);
        }
    }

    /** The op that heads every write of this term: the epoch znode still at this term's version. */
    public Op check() {
        return Op.check(epochPath, version);
    }

    @Override
    public String toString() {
        return holder + "'s term " + version + " (" + epochPath + ", token " + token + ")";
    }
}
