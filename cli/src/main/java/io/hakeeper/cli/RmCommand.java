package io.hakeeper.cli;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.rm.RmElector;
import io.hakeeper.rm.RmState;
import io.hakeeper.rm.RmStateStore;
import io.hakeeper.rm.StoreFormat;
import io.hakeeper.rm.StoreLayout;
import io.hakeeper.rm.StoreSettings;
import io.hakeeper.rm.demo.DemoRm;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hakeeper rm ...}: the ResourceManager-style elector and state store. */
@Command(name = "rm", description = "ResourceManager-style masters: a demo master, and the state store (ls, dump, format).",
        subcommands = {RmCommand.DemoMaster.class, RmCommand.Store.class})
final class RmCommand {

    /** Options naming the store, shared by the store commands. */
    static final class StoreOptions {
        @Option(names = "--parent-path", defaultValue = StoreLayout.DEFAULT_PARENT,
                description = "yarn.resourcemanager.zk-state-store.parent-path (default ${DEFAULT-VALUE}).")
        String parent;

        @Option(names = "--split-index", defaultValue = "0",
                description = "yarn.resourcemanager.zk-appid-node.split-index, 0 to 4 (default ${DEFAULT-VALUE}).")
        int split;

        StoreSettings settings() {
            return StoreSettings.defaults().withAppSplitIndex(split).withLayout(new StoreLayout(parent));
        }
    }

    @Command(name = "demo-master", description = "A small ResourceManager-like master: while active it submits"
            + " applications, advances attempts and issues tokens through the fenced store. Run two to see a failover"
            + " in which the new active recovers every application. Runs in the foreground.")
    static final class DemoMaster implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "This RM's id (yarn.resourcemanager.ha.id), e.g. rm1.")
        String id;

        @Option(names = "--cluster", defaultValue = "demo-cluster", description = "yarn.resourcemanager.cluster-id.")
        String cluster;

        @Option(names = "--tick-ms", defaultValue = "1000", description = "How often the active submits an application.")
        long tickMs;

        @Option(names = "--ledger", paramLabel = "FILE", description = "Record activations, stand-downs and every"
                + " acknowledged application in this file (the split-brain checker's and the chaos lab's evidence).")
        java.nio.file.Path ledger;

        @Option(names = "--lab-unsafe", paramLabel = "WHAT", defaultValue = "none", description = "For the chaos lab"
                + " alone: no-epoch-check keeps writing, unfenced, after standing by (default: ${DEFAULT-VALUE}).")
        String labUnsafe;

        @Mixin
        ZkOptions zk;

        @Mixin
        DaemonLogging logs;

        @Override
        public Integer call() throws Exception {
            logs.apply();
            DemoRm.checkLabUnsafe(labUnsafe); // before connecting: a usage error whatever the network
            DaemonLogging.started("rm demo-master", java.util.List.of());
            try (CuratorFramework client = zk.settings().connect()) { // every connection option: auth, ACLs, TLS
                return DemoRm.run(client, cluster, id, Duration.ofMillis(tickMs),
                        ledger == null ? null : io.hakeeper.core.fencing.EpochLedger.atFile(ledger), false, labUnsafe).code();
            }
        }
    }

    @Command(name = "store", description = "Inspect or format the ResourceManager state store.",
            subcommands = {Store.Ls.class, Store.Dump.class, Store.Format.class})
    static final class Store {

        @Command(name = "ls", description = "Summary: version, epoch, sequence number, and counts of applications,"
                + " attempts, tokens and keys.")
        static final class Ls implements Callable<Integer> {
            @Mixin StoreOptions store;
            @Mixin ZkOptions zk;
            @Spec CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                try (CuratorFramework client = zk.settings().connect()) {
                    RmState s = load(client, store.settings());
                    PrintWriter out = spec.commandLine().getOut();
                    out.printf("store        %s%n", store.settings().layout().root());
                    out.printf("version      %s%n", new RmStateStore(client, store.settings(), RmStateStore.unfenced(client))
                            .storedVersion());
                    out.printf("epoch        %d%n", s.epoch());
                    out.printf("applications %d (attempts %d)%n", s.applications().size(),
                            s.applications().values().stream().mapToInt(a -> a.attempts().size()).sum());
                    out.printf("tokens       %d (sequence number %d)%n", s.tokens().size(), s.sequenceNumber());
                    out.printf("master keys  %d%n", s.masterKeys().size());
                    return 0;
                }
            }
        }

        @Command(name = "dump", description = "Every application with its attempts, every token and key, with sizes.")
        static final class Dump implements Callable<Integer> {
            @Mixin StoreOptions store;
            @Mixin ZkOptions zk;
            @Spec CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                try (CuratorFramework client = zk.settings().connect()) {
                    RmState s = load(client, store.settings());
                    PrintWriter out = spec.commandLine().getOut();
                    for (RmState.Application a : s.applications().values()) {
                        out.printf("%s  %d bytes%n", a.id(), a.state().length);
                        for (Map.Entry<String, byte[]> at : a.attempts().entrySet()) {
                            out.printf("  %s  %d bytes%n", at.getKey(), at.getValue().length);
                        }
                    }
                    s.tokens().forEach((seq, t) -> out.printf("token %d  %d bytes%n", seq, t.length));
                    s.masterKeys().forEach((k, v) -> out.printf("master key %d  %d bytes%n", k, v.length));
                    out.printf("epoch %d, sequence number %d%n", s.epoch(), s.sequenceNumber());
                    return 0;
                }
            }
        }

        @Command(name = "format", description = "Delete the whole state store and lay it out empty, as"
                + " `yarn resourcemanager -format-state-store`. Refused (exit 8) while an RM of --cluster holds the"
                + " election lock. With --force it formats anyway: it first begins a term of its own on the election's"
                + " fencing epoch, so the active RM's store writes fail from then on and it goes standby; every delete"
                + " is made under that term, so an RM that wins meanwhile stops the format (exit 8) instead of racing it.")
        static final class Format implements Callable<Integer> {
            @Mixin StoreOptions store;
            @Mixin ZkOptions zk;
            @Option(names = "--cluster", required = true,
                    description = "yarn.resourcemanager.cluster-id: whose election to check and fence.")
            String cluster;
            @Option(names = "--force", description = "Format even while an RM holds the lock: fence it through the"
                    + " election's epoch first (its writes fail; it goes standby), then delete.")
            boolean force;
            @Spec CommandSpec spec;

            @Override
            public Integer call() throws Exception {
                try (CuratorFramework client = zk.settings().connect()) {
                    String root = new StoreFormat(client, store.settings(), RmElector.DEFAULT_BASE + "/" + cluster)
                            .format(force, Duration.ofMinutes(5));
                    spec.commandLine().getOut().println("formatted " + root);
                    return 0;
                }
            }
        }

        private static RmState load(CuratorFramework client, StoreSettings settings) throws Exception {
            if (client.checkExists().forPath(settings.layout().root()) == null) {
                throw new HakeeperException(ExitCode.NOT_FOUND, "no state store at " + settings.layout().root()
                        + ": check --parent-path, or create one with `hakeeper rm store format`");
            }
            return new RmStateStore(client, settings, RmStateStore.unfenced(client)).loadState(Duration.ofMinutes(5));
        }
    }
}
