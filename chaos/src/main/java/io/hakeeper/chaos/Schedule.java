package io.hakeeper.chaos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The seeded fault schedule: rounds of one to {@code streams} faults, each of a different {@link FaultKind.Side}
 * (a whole-lab partition alone), staggered within the round: the first kind in the deck whose side is still free. The same seed, fault count, kinds and T give the same
 * schedule: that is what {@code hakeeper chaos replay SEED} runs again. Kinds are dealt in shuffled decks, so a short
 * campaign still throws every kind.
 */
public final class Schedule {
    private Schedule() {
    }

    public static List<List<FaultPlan>> generate(long seed, int faults, long sessionTimeoutMs, int streams, Set<FaultKind> kinds) {
        Random rnd = new Random(seed);
        List<FaultKind> deck = new ArrayList<>();
        List<List<FaultPlan>> rounds = new ArrayList<>();
        int id = 1;
        while (id <= faults) {
            int want = 1 + rnd.nextInt(Math.max(1, streams));
            List<FaultPlan> round = new ArrayList<>();
            Set<FaultKind.Side> taken = EnumSet.noneOf(FaultKind.Side.class);
            while (round.size() < want && id <= faults) {
                if (deck.isEmpty()) {
                    deck.addAll(kinds);
                    java.util.Collections.shuffle(deck, rnd);
                }
                // The first kind in the deck whose side is free; the others keep their places for the next rounds.
                FaultKind k = null;
                for (FaultKind candidate : deck) {
                    boolean alone = candidate.side == FaultKind.Side.WHOLE_LAB;
                    if (!taken.contains(candidate.side) && !taken.contains(FaultKind.Side.WHOLE_LAB) && !(alone && !round.isEmpty())) {
                        k = candidate;
                        break;
                    }
                }
                if (k == null) {
                    break;
                }
                deck.remove(k);
                taken.add(k.side);
                long offset = round.isEmpty() ? 0 : rnd.nextInt((int) Math.max(1, sessionTimeoutMs / 2));
                round.add(new FaultPlan(id++, rounds.size() + 1, k, offset, duration(k, rnd, sessionTimeoutMs),
                        rnd.nextLong() & Long.MAX_VALUE, 10 + rnd.nextInt(41)));
            }
            rounds.add(round);
        }
        return rounds;
    }

    /** Pauses and cuts 0.1 to 3 T; kills restart after 0 to 2 T; a ZooKeeper member is back within T. */
    private static long duration(FaultKind k, Random rnd, long t) {
        double factor = switch (k) {
            case KILL_MASTER, KILL_CONTROLLER -> 2.0 * rnd.nextDouble();
            case RESTART_ZK_MEMBER -> 0.9 * rnd.nextDouble();
            default -> 0.1 + 2.9 * rnd.nextDouble();
        };
        return Math.round(factor * t);
    }
}
