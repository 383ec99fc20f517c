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

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--ledger", paramLabel = "FILE", description = "Record activations and writes, stamped with epochs.")
    Path ledger;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of("--id", id, "--port", Integer.toString(port), "--host", host));
        if (ledger != null) {
            args.add("--ledger");
            args.add(ledger.toString());
        }
        SampleMaster.main(args.toArray(String[]::new));
        Thread.currentThread().join(); // serve until the process is stopped
        return 0;
    }
}
