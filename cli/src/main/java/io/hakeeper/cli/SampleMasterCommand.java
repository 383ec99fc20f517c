package io.hakeeper.cli;

import io.hakeeper.zkfc.sample.SampleMaster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sample-master", description = "A small master with active and standby roles over HTTP (/health,"
        + " /ha/state, /ha/active, /ha/standby), to try the failover controller. Runs in the foreground.")
final class SampleMasterCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "Its name, e.g. nn1.")
    String id;

    @Option(names = "--port", required = true, description = "HTTP port.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", converter = OptionValues.BindHost.class, description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--ledger", paramLabel = "FILE", description = "Record activations and writes, stamped with epochs.")
    Path ledger;

    @Option(names = "--fenced-ledger", description = "The ledger is the master's fenced shared storage: a write lands"
            + " about 10 ms after it is decided and is refused when its epoch was overtaken meanwhile.")
    boolean fencedLedger;

    @Option(names = "--lab-unsafe", paramLabel = "WHAT", defaultValue = "none", description = "For the chaos lab"
            + " only: ignore-lease (act past the lease) or no-epoch-check (the ledger accepts stale epochs).")
    String labUnsafe;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of("--id", id, "--port", Integer.toString(port), "--host", host));
        if (ledger != null) {
            args.add("--ledger");
            args.add(ledger.toString());
        }
        if (fencedLedger) {
            args.add("--fenced-ledger");
        }
        args.add("--lab-unsafe");
        args.add(labUnsafe);
        try {
            SampleMaster.main(args.toArray(String[]::new));
        } catch (java.net.BindException e) {
            throw io.hakeeper.core.error.HakeeperException.config(host + ":" + port + " is in use (" + e.getMessage()
                    + "): stop what listens there or give another --port");
        }
        Thread.currentThread().join(); // serve until the process is stopped
        return 0;
    }
}
