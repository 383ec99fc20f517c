package io.hakeeper.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a nameservice's configuration is, shared by `hakeeper zkfc` and `hakeeper haadmin`. */
final class HaConfigOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "core-site.xml, hdfs-site.xml, or a hakeeper.properties; repeat it, later files win.")
    List<Path> configs = new ArrayList<>();

    @Option(names = {"--nameservice", "-ns"}, paramLabel = "NS", description = "Default: the only one in dfs.nameservices.")
    String nameservice;
}
