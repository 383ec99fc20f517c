package io.hakeeper.cli;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.kafka.ConsumerGroups;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.curator.framework.CuratorFramework;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hakeeper kafka consumer-groups}: the old ZooKeeper consumer's groups, as Kafka's
 * {@code kafka-consumer-groups.sh --zookeeper} showed them.
 */
@Command(name = "consumer-groups", description = "Old (ZooKeeper-based) consumer groups under /consumers: --list the"
        + " groups, or --describe one: per partition its committed offset and owning thread ('-' for none).",
        footer = {"%nExit codes: 0 done; 7 (NOT_FOUND) no such group; 6 (BAD_DATA) the table is printed but some znodes"
                + " were corrupt (each named on a 'problem:' line)."})
final class KafkaConsumerGroupsCommand implements Callable<Integer> {
    static final class Action {
        @Option(names = "--list", required = true, description = "List the groups.") boolean list;
        @Option(names = "--describe", required = true, description = "Describe the group given with --group.") boolean describe;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Action action;
    @Option(names = "--group", paramLabel = "G", description = "The group to describe.") String group;
    @Mixin ZkOptions zk;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (action.describe && group == null) {
            throw new ParameterException(spec.commandLine(), "--describe needs --group G");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (CuratorFramework client = zk.settings().connect()) {
            if (action.list) {
                ConsumerGroups.list(client).forEach(out::println);
                return 0;
            }
            ConsumerGroups.Description d = ConsumerGroups.describe(client, group);
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "OWNER"});
            for (ConsumerGroups.Row r : d.rows()) {
                table.add(new String[] {group, r.topic(), Integer.toString(r.partition()), r.offset() == null ? "-" : r.offset().toString(),
                        r.owner() == null ? "-" : r.owner()});
            }
            print(out, table);
            d.problems().forEach(p -> out.println("problem: " + p));
            return d.problems().isEmpty() ? 0 : ExitCode.BAD_DATA.code();
        }
    }

    /** Columns as wide as their widest cell, two spaces apart; the last one unpadded. */
    static void print(PrintWriter out, List<String[]> table) {
        int[] widths = new int[table.get(0).length];
        for (String[] row : table) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (String[] row : table) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                line.append(c == row.length - 1 ? row[c] : String.format("%-" + widths[c] + "s  ", row[c]));
            }
            out.println(line);
        }
    }
}
