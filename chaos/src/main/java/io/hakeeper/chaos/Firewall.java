package io.hakeeper.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * iptables rules inside lab hosts, added for one fault and removed rule by rule when it heals (never a flush: two
 * faults may cut the same host at once, and healing one must not heal the other).
 */
final class Firewall {
    /** One rule in one host's filter table. */
    record Rule(String host, List<String> spec) {
    }

    private final Lab lab;

    Firewall(Lab lab) {
        this.lab = lab;
    }

    /** Drops everything between {@code a} and {@code b}, both ways, on both hosts. */
    static List<Rule> cut(Lab lab, String a, String b) {
        List<Rule> rules = new ArrayList<>(oneWay(lab, a, b));
        rules.addAll(oneWay(lab, b, a));
        return rules;
    }

    /** {@code to} no longer hears {@code from} (its packets are dropped on arrival); the other way still works. */
    static List<Rule> oneWay(Lab lab, String from, String to) {
        return List.of(new Rule(to, List.of("INPUT", "-s", lab.host(from).address(), "-j", "DROP")));
    }

    /** Everything in and out of {@code host}'s eth0. */
    static List<Rule> isolate(String host) {
        return List.of(new Rule(host, List.of("INPUT", "-i", "eth0", "-j", "DROP")),
                new Rule(host, List.of("OUTPUT", "-o", "eth0", "-j", "DROP")));
    }

    void add(List<Rule> rules) {
        for (Rule r : rules) {
            List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5", "-A"));
            cmd.addAll(r.spec());
            lab.exec(r.host(), cmd);
        }
    }

    /** Removes each rule; one already gone (its host's namespace torn down) is not an error. */
    void remove(List<Rule> rules) {
        for (Rule r : rules) {
            List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5", "-D"));
            cmd.addAll(r.spec());
            try {
                lab.exec(r.host(), cmd);
            } catch (LabException e) {
                // gone already: nothing left to heal
            }
        }
    }
}
