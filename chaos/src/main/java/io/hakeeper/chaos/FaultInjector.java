package io.hakeeper.chaos;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies one planned fault to the running lab and knows how to heal it. Targets are chosen when the fault is applied
 * ("the active" is whoever acts now), from the candidates not already taken by another fault of the round, with the
 * plan's {@code pick} choosing among them so a replay chooses the same way when the lab is in the same state.
 */
final class FaultInjector {
    /** A fault in force: its window (start known, end set on heal) and what heals it. */
    static final class Applied {
        final FaultPlan plan;
        final String target;
        /** When the fault began: taken before it was applied (a kill's victim stops acting before apply returns). */
        long startNanos;
        /** The group of the system it was aimed at; null when it hits every system (ZooKeeper and whole-lab faults). */
        final String group;
        /**
         * The groups that can have no active while it lasts: a partition that leaves no ZooKeeper majority together
         * with a system's masters, or packet loss on a master host.
         */
        final Set<String> disables;
        /** A kill of an active whose death something apart from it notices at once (bounded by 1 s, not T + 1 s). */
        boolean crashNoticedAtOnce;
        /**
         * The groups whose active's session a ZooKeeper fault hit: it hit the leader, or the server that active's
         * controller was connected to, whose client cannot tell that from being cut off itself, so it may step down.
         * In a group it spared, it must not cause a failover.
         */
        Set<String> hitsActiveSessionOf = Set.of();
        /** A ZooKeeper fault on the leader: until a new one is elected (syncLimit and an election), no session expires. */
        boolean hitsLeader;
        /** A ZooKeeper fault on the server either controller was connected to: that one must reconnect first. */
        boolean hitsAController;
        private final Runnable heal;
        long endNanos;

        Applied(FaultPlan plan, String target, String group, Set<String> disables, Runnable heal) {
            this.plan = plan;
            this.target = target;
            this.group = group;
            this.disables = Set.copyOf(disables);
            this.heal = heal;
            this.startNanos = System.nanoTime();
        }

        /** Whether it bears on {@code group}: aimed at it, or at every system. */
        boolean concerns(String group) {
            return this.group == null || this.group.equals(group);
        }

        void heal() {
            heal.run();
            endNanos = System.nanoTime();
        }

        FaultWindow window() {
            return new FaultWindow(plan.id(), plan.kind().label, plan.kind().shape == null ? "-" : plan.kind().shape.label,
                    target, startNanos, endNanos == 0 ? System.nanoTime() : endNanos);
        }
    }

    private final Lab lab;
    private final LabEnsemble ensemble;
    private final List<LabSystem> systems;
    private final Firewall firewall;
    /** Hosts the faults in force hold, counted: two faults may hold one host (a cut and a ZooKeeper fault). */
    private final java.util.Map<String, Integer> busy = new java.util.HashMap<>();

    FaultInjector(Lab lab, LabEnsemble ensemble, List<LabSystem> systems) {
        this.lab = lab;
        this.ensemble = ensemble;
        this.systems = List.copyOf(systems);
        this.firewall = new Firewall(lab);
    }

    /** The master of {@code system} acting now (the one the lab aims at), else one chosen by {@code pick}. */
    private static String activeMaster(LabSystem system, long pick) {
        LedgerEvidence evidence = system.evidence();
        evidence.catchUp();
        List<String> acting = evidence.actingNow();
        if (acting.size() == 1) {
            return acting.get(0);
        }
        List<String> masters = system.holders();
        return masters.get((int) (pick % masters.size()));
    }

    /**
     * The system a fault is aimed at: among those it can hit, chosen by the pick's high bits (its low bits choose
     * among targets inside the system).
     */
    private LabSystem systemFor(FaultKind kind, long pick) {
        List<LabSystem> able = systems.stream().filter(s -> s.supports(kind)).toList();
        return able.isEmpty() ? null : able.get((int) ((pick >>> 24) % able.size()));
    }

    private Set<String> allGroups() {
        Set<String> groups = new HashSet<>();
        systems.forEach(s -> groups.add(s.evidence().group()));
        return groups;
    }

    private List<String> systemHosts() {
        List<String> hosts = new ArrayList<>();
        systems.forEach(s -> hosts.addAll(s.hosts()));
        return hosts;
    }

    private String pickZk(long pick, String mode) {
        List<String> members = new ArrayList<>(ensemble.members().keySet());
        String leader = mode == null ? null : ensemble.leader();
        List<String> candidates = new ArrayList<>();
        for (String m : members) {
            boolean isLeader = m.equals(leader);
            if (mode == null || (mode.equals("leader") == isLeader)) {
                candidates.add(m);
            }
        }
        if (candidates.isEmpty()) {
            candidates = members;
        }
        return candidates.get((int) (pick % candidates.size()));
    }

    private List<String> zkHosts() {
        return new ArrayList<>(ensemble.members().keySet());
    }

    private List<String> allHosts() {
        return lab.hosts().stream().map(Lab.Host::name).toList();
    }

    /**
     * Applies {@code plan}; null when its target is taken by another fault of the round, or no system has what it
     * hits (the plan is skipped).
     */
    Applied apply(FaultPlan plan) {
        long before = System.nanoTime();
        Applied a = applyNow(plan);
        if (a != null) {
            // Stamped after the fact, a kill's gap (it begins at the KILLED note, inside the apply) would begin before
            // its fault and be blamed on none: the 1 s crash bound was never checked that way.
            a.startNanos = before;
        }
        return a;
    }

    private Applied applyNow(FaultPlan plan) {
        FaultKind k = plan.kind();
        if (k.side == FaultKind.Side.FENCING) {
            return applyFencing(plan);
        }
        if (k.side != FaultKind.Side.MASTER) {
            return applyZookeeperOrWholeLab(plan);
        }
        long pick = plan.pick();
        LabSystem sys = systemFor(k, pick);
        if (sys == null) {
            return null;
        }
        String nn = activeMaster(sys, pick);
        String host = sys.hostOf(nn);
        if (busy.containsKey(host)) {
            return null;
        }
        String g = sys.evidence().group();
        switch (k) {
            case KILL_MASTER -> {
                LabProcess m = sys.master(nn);
                m.kill9();
                sys.ledger().note("KILLED", nn, "kill-9"); // after the kernel reaped it: it can no longer act
                Applied a = hold(plan, nn, g, host, m::start);
                a.crashNoticedAtOnce = sys.crashNoticedAtOnce();
                return a;
            }
            case KILL_CONTROLLER -> {
                LabProcess c = sys.controller(nn);
                c.kill9();
                return hold(plan, c.name(), g, host, c::start);
            }
            case PAUSE_MASTER -> {
                return pause(plan, g, host, List.of(sys.master(nn)));
            }
            case PAUSE_CONTROLLER -> {
                return pause(plan, g, host, List.of(sys.controller(nn)));
            }
            case PAUSE_PAIR -> {
                LabProcess m = sys.master(nn);
                LabProcess c = sys.controller(nn);
                return pause(plan, g, host, m == c ? List.of(m) : List.of(m, c));
            }
            case HEALTH_FLAP -> {
                sys.setHealthy(nn, false);
                return hold(plan, nn, g, host, () -> sys.setHealthy(nn, true));
            }
            case HEALTH_HANG -> {
                sys.hangHealth(nn);
                return hold(plan, nn, g, host, () -> sys.setHealthy(nn, true));
            }
            case TCP_RESET -> {
                List<Firewall.Rule> rules = new ArrayList<>();
                for (String z : zkHosts()) {
                    rules.add(new Firewall.Rule(host, List.of("OUTPUT", "-p", "tcp", "-d", lab.host(z).address(), "--dport",
                            Integer.toString(LabEnsemble.CLIENT_PORT), "-j", "REJECT", "--reject-with", "tcp-reset")));
                }
                return rules(plan, host, g, rules, Set.of());
            }
            case ONE_WAY -> {
                List<Firewall.Rule> rules = new ArrayList<>();
                boolean masterDeaf = pick % 2 == 0; // which side stops hearing the other
                for (String z : zkHosts()) {
                    rules.addAll(masterDeaf ? Firewall.oneWay(lab, z, host) : Firewall.oneWay(lab, host, z));
                }
                return rules(plan, (masterDeaf ? host + " deaf to zk" : "zk deaf to " + host), g, rules, Set.of());
            }
            case MASTER_LINK_DOWN -> {
                return linkDown(plan, g, host);
            }
            case MASTER_PACKET_LOSS -> {
                return loss(plan, host, Set.of(g));
            }
            case PARTITION_ISOLATE_ACTIVE -> {
                return rules(plan, host, g, Firewall.isolate(host), Set.of());
            }
            case PARTITION_CUT_ACTIVE_FROM_ZK -> {
                List<Firewall.Rule> rules = new ArrayList<>();
                for (String z : zkHosts()) {
                    rules.addAll(Firewall.cut(lab, host, z));
                }
                return rules(plan, host, g, rules, Set.of());
            }
            case PARTITION_CUT_MASTER_FROM_CONTROLLER -> {
                // Both on one host: the controller reaches its master on the host's own address, through lo.
                String port = Integer.toString(sys.masterPort());
                return rules(plan, nn, g, List.of(new Firewall.Rule(host, List.of("INPUT", "-p", "tcp", "--dport", port, "-j", "DROP")),
                        new Firewall.Rule(host, List.of("OUTPUT", "-p", "tcp", "--sport", port, "-j", "DROP"))), Set.of());
            }
            default -> throw new IllegalStateException(k.name());
        }
    }

    /**
     * The fencing method of a system fails or hangs while the fault lasts. No failover that needs it can complete
     * meanwhile, so the system's group counts as disabled: its bound is T + 1 s after the heal.
     */
    private Applied applyFencing(FaultPlan plan) {
        LabSystem sys = systemFor(plan.kind(), plan.pick());
        String key = "fencing:" + (sys == null ? "" : sys.name());
        if (sys == null || busy.containsKey(key)) {
            return null;
        }
        boolean hang = plan.kind() == FaultKind.FENCE_HANGS;
        sys.breakFencing(hang, true);
        take(key);
        String g = sys.evidence().group();
        return new Applied(plan, sys.name() + " fencing", g, Set.of(g), () -> {
            sys.breakFencing(hang, false);
            release(key);
        });
    }

    private Applied applyZookeeperOrWholeLab(FaultPlan plan) {
        FaultKind k = plan.kind();
        long pick = plan.pick();
        if (k.side == FaultKind.Side.ZOOKEEPER) {
            String z = pickZk(pick, k == FaultKind.PAUSE_ZK_LEADER ? "leader" : k == FaultKind.PAUSE_ZK_FOLLOWER ? "follower" : null);
            if (busy.keySet().stream().anyMatch(ensemble.members()::containsKey)) {
                return null; // one ZooKeeper member at a time: a majority must stay
            }
            LabProcess member = ensemble.members().get(z);
            boolean leader = z.equals(ensemble.leader());
            java.util.Map<String, String> servingBefore = new java.util.HashMap<>();
            for (String h : systemHosts()) {
                String server = ensemble.serving(lab.host(h).address());
                if (server != null) {
                    servingBefore.put(h, server);
                }
            }
            // per system: the leader, or the member its active's client uses; that active may step down
            Set<String> hitGroups = new HashSet<>();
            for (LabSystem sys : systems) {
                if (leader || z.equals(servingBefore.get(sys.hostOf(activeMaster(sys, pick))))) {
                    hitGroups.add(sys.evidence().group());
                }
            }
            boolean hits = !hitGroups.isEmpty();
            Applied a = switch (k) {
                case PAUSE_ZK_LEADER, PAUSE_ZK_FOLLOWER -> pause(plan, null, z, List.of(member));
                case RESTART_ZK_MEMBER -> {
                    member.kill9();
                    yield hold(plan, z, null, z, member::start);
                }
                case ZK_LINK_DOWN -> linkDown(plan, null, z);
                case ZK_PACKET_LOSS -> loss(plan, z, allGroups());
                case PARTITION_ISOLATE_HOST -> rules(plan, z, null, Firewall.isolate(z), Set.of());
                default -> throw new IllegalStateException(k.name());
            };
            a.hitsActiveSessionOf = Set.copyOf(hitGroups);
            a.hitsLeader = leader;
            a.hitsAController = hits || systemHosts().stream().anyMatch(h -> z.equals(servingBefore.get(h)));
            return a;
        }
        if (!busy.isEmpty()) {
            return null; // a whole-lab partition runs alone
        }
        Partition p;
        if (k == FaultKind.PARTITION_ACTIVE_WITH_ITS_SERVER) {
            LabSystem sys = systems.get((int) ((pick >>> 24) % systems.size()));
            String host = sys.hostOf(activeMaster(sys, pick));
            String server = ensemble.serving(lab.host(host).address());
            if (server == null) {
                return null; // its client is between servers: nothing to pair it with
            }
            p = Partition.isolating(List.of(host, server), allHosts(), "active-with-its-zk-server");
        } else {
            p = Partition.of(k.shape, allHosts(), zkHosts(), new java.util.Random(pick));
        }
        List<Firewall.Rule> rules = new ArrayList<>();
        for (String[] pair : p.blockedPairs()) {
            rules.addAll(Firewall.cut(lab, pair[0], pair[1]));
        }
        Set<String> disables = new HashSet<>();
        for (LabSystem sys : systems) {
            if (!p.majorityWithMaster(zkHosts(), sys.hosts())) {
                disables.add(sys.evidence().group());
            }
        }
        Applied a = rules(plan, p.describe(), null, rules, disables, allHosts()); // it holds every host, ruled or not
        a.hitsLeader = true; // the leader may be cut from its followers: count on a new election
        return a;
    }

    private Applied pause(FaultPlan plan, String group, String host, List<LabProcess> processes) {
        processes.forEach(LabProcess::pause);
        String what = String.join("+", processes.stream().map(LabProcess::name).toList());
        return hold(plan, what, group, host, () -> processes.forEach(LabProcess::resume));
    }

    private Applied linkDown(FaultPlan plan, String group, String host) {
        lab.exec(host, List.of("ip", "link", "set", "eth0", "down"));
        return hold(plan, host, group, host, () -> lab.exec(host, List.of("ip", "link", "set", "eth0", "up")));
    }

    /**
     * Packet loss disables the groups it can reach while it lasts (a master host's own; every group for a ZooKeeper
     * host): a host losing up to half its packets can
     * neither prove its session to the quorum (its lease lapses) nor go silent long enough for the session to expire
     * (some pings get through, TCP retransmits the rest with growing backoff), so nobody may be active until it heals;
     * the bound is then T + 1 s after the heal, as for a partition that leaves no majority.
     */
    private Applied loss(FaultPlan plan, String host, Set<String> disables) {
        String p = String.format(java.util.Locale.ROOT, "%.2f", plan.lossPercent() / 100.0);
        List<Firewall.Rule> rules = List.of(
                new Firewall.Rule(host, List.of("INPUT", "-i", "eth0", "-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP")),
                new Firewall.Rule(host, List.of("OUTPUT", "-o", "eth0", "-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP")));
        return rules(plan, host + " " + plan.lossPercent() + "%", disables.size() == 1 ? disables.iterator().next() : null, rules, disables);
    }

    private Applied rules(FaultPlan plan, String target, String group, List<Firewall.Rule> rules, Set<String> disables) {
        return rules(plan, target, group, rules, disables, List.of());
    }

    private Applied rules(FaultPlan plan, String target, String group, List<Firewall.Rule> rules, Set<String> disables,
                          List<String> alsoHeld) {
        firewall.add(rules);
        Set<String> hosts = new HashSet<>(alsoHeld);
        rules.forEach(r -> hosts.add(r.host()));
        hosts.forEach(this::take);
        return new Applied(plan, target, group, disables, () -> {
            firewall.remove(rules);
            hosts.forEach(this::release);
        });
    }

    private Applied hold(FaultPlan plan, String target, String group, String host, Runnable heal) {
        take(host);
        return new Applied(plan, target, group, Set.of(), () -> {
            heal.run();
            release(host);
        });
    }

    private void take(String host) {
        busy.merge(host, 1, Integer::sum);
    }

    private void release(String host) {
        busy.computeIfPresent(host, (h, n) -> n > 1 ? n - 1 : null);
    }
}
