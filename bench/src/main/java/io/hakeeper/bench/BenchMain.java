package io.hakeeper.bench;

import io.hakeeper.bench.failover.FailoverBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code hakeeper bench <scenario>}: benchmarks run on purpose, side by side with a real peer, never by mvn verify. */
@Command(name = "hakeeper bench", mixinStandardHelpOptions = true, subcommands = {QuorumBench.class, FailoverBench.class, RmStoreBench.class, HbaseBench.class,
        io.hakeeper.bench.kafka.KafkaBench.class},
        description = "Benchmarks against real peers, measured in the same run; each ends with a RESULT line.")
public final class BenchMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
