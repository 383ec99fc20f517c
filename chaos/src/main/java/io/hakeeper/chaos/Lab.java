package io.hakeeper.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hosts as Linux network namespaces on one machine. Each host has one interface, {@code eth0}, a veth whose other end
 * sits on a bridge in a namespace of its own, and an address in 198.18.0.0/24 (inside 198.18.0.0/15, reserved for
 * network benchmarking). No end of any veth is in the machine's own namespace and no host has a route beyond the
 * lab's subnet, so no packet can leave: {@link #routeOutProblems()} checks it. The orchestrator reaches hosts only
 * through {@code ip netns exec} and files.
 *
 * <p>The constructor does no I/O; {@link #create()} builds it; {@link #close()} removes every namespace (and with them
 * every veth and the bridge) and is idempotent.
 */
public final class Lab implements AutoCloseable {
    /** A host of the lab: its name in the run, its namespace, its address. */
    public record Host(String name, String namespace, String address) {
    }

    private static final String SUBNET = "198.18.0.0/24";
    private final String bridgeNamespace;
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<String> created = new ArrayList<>();
    private boolean closed;

    /** {@code tag}: a few characters that make this run's namespace names unique (e.g. from the PID). */
    public Lab(String tag, List<String> hostNames) {
        this.bridgeNamespace = "hk" + tag + "-br";
        int n = 10;
        for (String name : hostNames) {
            hosts.put(name, new Host(name, "hk" + tag + "-" + name, "198.18.0." + n++));
        }
    }

    /** Why the lab cannot run here, or null when it can (root, ip, iptables, namespaces). */
    public static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the chaos lab needs root (it creates network namespaces): run it as root";
        }
        for (String tool : List.of("ip", "iptables", "kill")) {
            if (!Shell.succeeds(List.of("sh", "-c", "command -v " + tool))) {
                return tool + " is not installed: install " + (tool.equals("ip") ? "iproute2" : tool.equals("kill")
                        ? "procps" : "iptables") + " (apt-get install " + (tool.equals("ip") ? "iproute2" : tool.equals("kill")
                        ? "procps" : "iptables") + ")";
            }
        }
        String probe = "hkprobe" + ProcessHandle.current().pid();
        if (!Shell.succeeds(List.of("ip", "netns", "add", probe))) {
            return "network namespaces cannot be created here (ip netns add failed): run on a host that allows them";
        }
        Shell.succeeds(List.of("ip", "netns", "del", probe));
        return null;
    }

    public synchronized Lab create() {
        addNamespace(bridgeNamespace);
        Shell.run(List.of("ip", "-n", bridgeNamespace, "link", "add", "br0", "type", "bridge"));
        Shell.run(List.of("ip", "-n", bridgeNamespace, "link", "set", "br0", "up"));
        int i = 0;
        for (Host h : hosts.values()) {
            String port = "v" + i++;
            addNamespace(h.namespace());
            Shell.run(List.of("ip", "-n", h.namespace(), "link", "add", "eth0", "type", "veth", "peer", "name", port,
                    "netns", bridgeNamespace));
            Shell.run(List.of("ip", "-n", bridgeNamespace, "link", "set", port, "master", "br0"));
            Shell.run(List.of("ip", "-n", bridgeNamespace, "link", "set", port, "up"));
            Shell.run(List.of("ip", "-n", h.namespace(), "link", "set", "lo", "up"));
            Shell.run(List.of("ip", "-n", h.namespace(), "addr", "add", h.address() + "/24", "dev", "eth0"));
            Shell.run(List.of("ip", "-n", h.namespace(), "link", "set", "eth0", "up"));
        }
        return this;
    }

    private void addNamespace(String ns) {
        if (Shell.succeeds(List.of("ip", "netns", "pids", ns))) {
            throw new LabException("network namespace " + ns + " already exists (a lab left over?): remove it with"
                    + " `ip netns del " + ns + "` or `hakeeper chaos clean`");
        }
        Shell.run(List.of("ip", "netns", "add", ns));
        created.add(ns);
    }

    public Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no host " + name + " in the lab: " + hosts.keySet());
        }
        return h;
    }

    public List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    /** The command prefix that runs the rest inside {@code host}'s namespace (exec'd: the PID is the command's). */
    public List<String> inside(String host) {
        return List.of("ip", "netns", "exec", host(host).namespace());
    }

    /** Runs a short command inside {@code host}; its output, or a {@link LabException}. */
    public String exec(String host, List<String> command) {
        List<String> cmd = new ArrayList<>(inside(host));
        cmd.addAll(command);
        return Shell.run(cmd);
    }

    /**
     * Every way a packet could leave the lab, as sentences (empty: none): a host with a route beyond the lab's subnet
     * or an interface other than lo and eth0; a lab veth in the machine's own namespace.
     */
    public List<String> routeOutProblems() {
        List<String> problems = new ArrayList<>();
        for (Host h : hosts.values()) {
            for (String route : exec(h.name(), List.of("ip", "-4", "route", "show", "table", "all")).split("\n")) {
                String r = route.strip();
                if (r.isEmpty() || r.startsWith(SUBNET + " ") || r.startsWith("local ") || r.startsWith("broadcast ")) {
                    continue;
                }
                problems.add(h.name() + " has a route beyond the lab: " + r);
            }
            for (String link : exec(h.name(), List.of("ip", "-o", "link", "show")).split("\n")) {
                String[] f = link.strip().split(":\\s+");
                if (f.length > 1 && !f[1].equals("lo") && !f[1].startsWith("eth0@")) {
                    problems.add(h.name() + " has an interface other than lo and eth0: " + f[1]);
                }
            }
        }
        for (String link : Shell.run(List.of("ip", "-o", "link", "show")).split("\n")) {
            if (link.contains("netns " + bridgeNamespace) || link.contains("link-netns " + bridgeNamespace)) {
                problems.add("the machine's own namespace holds a veth of the lab: " + link.strip());
            }
        }
        return problems;
    }

    /** Removes every namespace this lab made; deleting a namespace deletes its veth ends and the bridge with it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String ns : created) {
            Shell.succeeds(List.of("ip", "netns", "del", ns));
        }
    }

    /** Namespaces whose names look like a lab's (hk<tag>-<host>): what `hakeeper chaos clean` removes. */
    public static List<String> leftovers() {
        List<String> found = new ArrayList<>();
        for (String line : Shell.run(List.of("ip", "netns", "list")).split("\n")) {
            String name = line.strip().split(" ")[0];
            if (name.matches("hk[0-9a-z]+-[a-z0-9]+")) {
                found.add(name);
            }
        }
        return found;
    }

    public static void remove(String namespace) {
        Shell.run(List.of("ip", "netns", "del", namespace));
    }
}
