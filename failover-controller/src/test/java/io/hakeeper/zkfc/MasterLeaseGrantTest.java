package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MasterLeaseGrantTest {
    private static Duration ms(long m) {
        return Duration.ofMillis(m);
    }

    @Test
    void aFreshSessionGrantsTheWholeLease() {
        assertEquals(ms(667), MasterLeaseGrant.grant(ms(667), ms(1950), ms(333), ms(200)));
    }

    /**
     * The hole: a renewal sent when the elector had heard nothing for 1,300 ms of a 2,000 ms session (its own lease
     * lapses at 1,333) gave the master 667 ms more, to 1,967 ms plus the call's delay: past the earliest moment
     * another controller could win. Now it ends a margin before that moment even if the call arrives late.
     */
    @Test
    void aGrantNeverReachesPastTheEarliestExpiryLessTheMargin() {
        long session = 2000;
        long silence = 1300;
        long callTimeout = 333;
        long margin = 200;
        Duration g = MasterLeaseGrant.grant(ms(667), ms(session - silence), ms(callTimeout), ms(margin));
        long masterStopsBy = silence + callTimeout + g.toMillis(); // the latest the call lands, plus the grant
        assertTrue(masterStopsBy <= session - margin, "stops by " + masterStopsBy + " ms");
        assertEquals(ms(167), g);
    }

    @Test
    void tooLittleLeftGrantsNothing() {
        assertEquals(Duration.ZERO, MasterLeaseGrant.grant(ms(667), ms(540), ms(333), ms(200)));
        assertEquals(Duration.ZERO, MasterLeaseGrant.grant(ms(667), ms(-50), ms(333), ms(200)));
    }

    @Test
    void theRenewalTimeoutIsAtMostHalfTheLease() {
        assertEquals(ms(333), MasterLeaseGrant.renewalTimeout(ms(666), ms(500)));
        assertEquals(ms(500), MasterLeaseGrant.renewalTimeout(ms(3333), ms(500)));
    }
}
