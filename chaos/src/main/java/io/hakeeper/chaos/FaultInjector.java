package io.hakeeper.chaos;

import io.hakeeper.core.fencing.EpochLedger;
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
        final long startNanos;
        /** A partition that leaves no ZooKeeper majority together with a master: no active is possible until it heals. */
        final boolean disabling;
        /**
         * A ZooKeeper fault that hit the leader or the server the active's controller was connected to: its client
         * cannot tell that from being cut off itself, so it may step down. Faults that spare both must not cause a
         * failover.
         */
        boolean hitsActiveSession;
        /** A ZooKeeper fault on the leader: until a new one is elected (syncLimit and an election), no session expires. */
        boolean hitsLeader;
        /** A ZooKeeper fault on the server either controller was connected to: that one must reconnect first. */
        boolean hitsAController;
        private final Runnable heal;
        long endNanos;

        Applied(FaultPlan plan, String target, boolean disabling, Runnable heal) {
            this.plan = plan;
            this.target = target;
            this.disabling = disabling;
            this.heal = heal;
            this.startNanos = System.nanoTime();
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
    private final ZkfcLabSystem zkfc;
    private final LedgerEvidence evidence;
    private final EpochLedger ledger;
    private final Firewall firewall;
    /** Hosts the faults in force hold, counted: two faults may hold one host (a cut and a ZooKeeper fault). */
    private final java.util.Map<String, Integer> busy = new java.util.HashMap<>();

    FaultInjector(Lab lab, LabEnsemble ensemble, ZkfcLabSystem zkfc, LedgerEvidence evidence) {
        this.lab = lab;
        this.ensemble = ensemble;
        this.zkfc = zkfc;
        this.evidence = evidence;
        this.ledger = zkfc.ledger();
        this.firewall = new Firewall(lab);
    }

    /** The master acting now (the one the lab aims at), else one chosen by {@code pick}. */
    private String activeMaster(long pick) {
        evidence.catchUp();
        List<String> acting = evidence.actingNow();
        if (acting.size() == 1) {
            return acting.get(0);
        }
        List<String> masters = new ArrayList<>(zkfc.masters().keySet());
        return masters.get((int) (pick % masters.size()));
    }

    private String standbyOf(String nn) {
        return zkfc.masters().keySet().stream().filter(n -> !n.equals(nn)).findFirst().orElseThrow();
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

    /** Applies {@code plan}; null when its target is taken by another fault of the round (the plan is skipped). */
    Applied apply(FaultPlan plan) {
        FaultKind k = plan.kind();
        long pick = plan.pick();
        String nn = activeMaster(pick);
        String host = zkfc.hostOf(nn);
        if (k.side == FaultKind.Side.MASTER && busy.containsKey(host)) {
            return null;
        }
        switch (k) {
            case KILL_MASTER -> {
                LabProcess m = zkfc.masters().get(nn);
                m.kill9();
                ledger.note("KILLED", nn, "kill-9"); // after the kernel reaped it: it can no longer act
                return hold(plan, nn, false, host, m::start);
            }
            case KILL_CONTROLLER -> {
                LabProcess c = zkfc.controllers().get(nn);
                c.kill9();
                return hold(plan, c.name(), false, host, c::start);
            }
            case PAUSE_MASTER -> {
                return pause(plan, host, List.of(zkfc.masters().get(nn)));
            }
            case PAUSE_CONTROLLER -> {
                return pause(plan, host, List.of(zkfc.controllers().get(nn)));
            }
            case PAUSE_PAIR -> {
                return pause(plan, host, List.of(zkfc.masters().get(nn), zkfc.controllers().get(nn)));
            }
            case HEALTH_FLAP -> {
                zkfc.setHealthy(nn, false);
                return hold(plan, nn, false, host, () -> zkfc.setHealthy(nn, true));
            }
            case TCP_RESET -> {
                List<Firewall.Rule> rules = new ArrayList<>();
                for (String z : zkHosts()) {
                    rules.add(new Firewall.Rule(host, List.of("OUTPUT", "-p", "tcp", "-d", lab.host(z).address(), "--dport",
                            Integer.toString(LabEnsemble.CLIENT_PORT), "-j", "REJECT", "--reject-with", "tcp-reset")));
                }
                return rules(plan, host, rules, false);
            }
            case ONE_WAY -> {
                List<Firewall.Rule> rules = new ArrayList<>();
                boolean masterDeaf = pick % 2 == 0; // which side stops hearing the other
                for (String z : zkHosts()) {
                    rules.addAll(masterDeaf ? Firewall.oneWay(lab, z, host) : Firewall.oneWay(lab, host, z));
                }
                return rules(plan, (masterDeaf ? host + " deaf to zk" : "zk deaf to " + host), rules, false);
            }
            case MASTER_LINK_DOWN -> {
                return linkDown(plan, host);
            }
            case MASTER_PACKET_LOSS -> {
                return loss(plan, host);
            }
            case PARTITION_ISOLATE_ACTIVE -> {
                return rules(plan, host, Firewall.isolate(host), false);
            }
            case PARTITION_CUT_ACTIVE_FROM_ZK -> {
                List<Firewall.Rule> rules = new ArrayList<>();
                for (String z : zkHosts()) {
                    rules.addAll(Firewall.cut(lab, host, z));
                }
                return rules(plan, host, rules, false);
            }
            case PARTITION_CUT_MASTER_FROM_CONTROLLER -> {
                // Both on one host: the controller reaches its master on the host's own address, through lo.
                String port = Integer.toString(ZkfcLabSystem.MASTER_PORT);
                return rules(plan, nn, List.of(new Firewall.Rule(host, List.of("INPUT", "-p", "tcp", "--dport", port, "-j", "DROP")),
                        new Firewall.Rule(host, List.of("OUTPUT", "-p", "tcp", "--sport", port, "-j", "DROP"))), false);
            }
            default -> {
                return applyZookeeperOrWholeLab(plan);
            }
        }
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
            String activeHost = zkfc.hostOf(activeMaster(pick));
            boolean leader = z.equals(ensemble.leader());
            java.util.Map<String, String> servingBefore = new java.util.HashMap<>();
            for (String h : ZkfcLabSystem.HOSTS) {
                String server = ensemble.serving(lab.host(h).address());
                if (server != null) {
                    servingBefore.put(h, server);
                }
            }
            boolean hits = leader || z.equals(servingBefore.get(activeHost));
            Applied a = switch (k) {
                case PAUSE_ZK_LEADER, PAUSE_ZK_FOLLOWER -> pause(plan, z, List.of(member));
                case RESTART_ZK_MEMBER -> {
                    member.kill9();
                    yield hold(plan, z, false, z, member::start);
                }
                case ZK_LINK_DOWN -> linkDown(plan, z);
                case ZK_PACKET_LOSS -> loss(plan, z);
                case PARTITION_ISOLATE_HOST -> rules(plan, z, Firewall.isolate(z), false);
                default -> throw new IllegalStateException(k.name());
            };
            a.hitsActiveSession = hits;
            a.hitsLeader = leader;
            a.hitsAController = hits || ZkfcLabSystem.HOSTS.stream().anyMatch(h -> z.equals(servingBefore.get(h)));
            return a;
        }
        if (!busy.isEmpty()) {
            return null; // a whole-lab partition runs alone
        }
        Partition p;
        if (k == FaultKind.PARTITION_ACTIVE_WITH_ITS_SERVER) {
            String host = zkfc.hostOf(activeMaster(pick));
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
        boolean disabling = !p.majorityWithMaster(zkHosts(), ZkfcLabSystem.HOSTS);
        Applied a = rules(plan, p.describe(), rules, disabling, allHosts()); // it holds every host, ruled or not
        a.hitsLeader = true; // the leader may be cut from its followers: count on a new election
        return a;
    }

    private Applied pause(FaultPlan plan, String host, List<LabProcess> processes) {
        processes.forEach(LabProcess::pause);
        String what = String.join("+", processes.stream().map(LabProcess::name).toList());
        return hold(plan, what, false, host, () -> processes.forEach(LabProcess::resume));
    }

    private Applied linkDown(FaultPlan plan, String host) {
        lab.exec(host, List.of("ip", "link", "set", "eth0", "down"));
        return hold(plan, host, false, host, () -> lab.exec(host, List.of("ip", "link", "set", "eth0", "up")));
    }

    /**
     * Packet loss counts as disabling while it lasts: a host losing up to half its packets can neither prove its
     * session to the quorum (its lease lapses) nor go silent long enough for the session to expire (some pings get
     * through, TCP retransmits the rest with growing backoff), so nobody may be active until it heals; the bound is
     * then T + 1 s after the heal, as for a partition that leaves no majority.
     */
    private Applied loss(FaultPlan plan, String host) {
        String p = String.format(java.util.Locale.ROOT, "%.2f", plan.lossPercent() / 100.0);
        List<Firewall.Rule> rules = List.of(
                new Firewall.Rule(host, List.of("INPUT", "-i", "eth0", "-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP")),
                new Firewall.Rule(host, List.of("OUTPUT", "-o", "eth0", "-m", "statistic", "--mode", "random", "--probability", p, "-j", "DROP")));
        return rules(plan, host + " " + plan.lossPercent() + "%", rules, true);
    }

    private Applied rules(FaultPlan plan, String target, List<Firewall.Rule> rules, boolean disabling) {
        return rules(plan, target, rules, disabling, List.of());
    }

    private Applied rules(FaultPlan plan, String target, List<Firewall.Rule> rules, boolean disabling, List<String> alsoHeld) {
        firewall.add(rules);
        Set<String> hosts = new HashSet<>(alsoHeld);
        rules.forEach(r -> hosts.add(r.host()));
        hosts.forEach(this::take);
        return new Applied(plan, target, disabling, () -> {
            firewall.remove(rules);
            hosts.forEach(this::release);
        });
    }

    private Applied hold(FaultPlan plan, String target, boolean disabling, String host, Runnable heal) {
        take(host);
        return new Applied(plan, target, disabling, () -> {
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
