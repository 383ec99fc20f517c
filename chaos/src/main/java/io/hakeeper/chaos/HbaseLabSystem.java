package io.hakeeper.chaos;

import java.nio.file.Path;
import java.util.List;

/**
 * Two HBase master agents ({@code hakeeper hbase master-agent}), each on a host of its own (h1, h2), electing for
 * {@code /hbase/master} under the chroot {@code /hbase-lab} as HBase's masters do (a backup-masters node, then the
 * master node), on hakeeper's one elector with its epoch znode and lease. While active each writes the fenced ledger
 * every 50 ms, reading its lease before every write, and notes when it stopped (a lapsed lease's deadline): so an
 * active that outlives its term shows as an overlap, and a write of a deposed one as a refusal or a stale write.
 */
final class HbaseLabSystem extends EmbeddedElectorLabSystem {
    static final String GROUP = "hbase/lab";
    static final List<String> HOSTS = List.of("h1", "h2");
    static final String CHROOT = "/hbase-lab";
    private static final int MASTER_PORT = 16000;

    HbaseLabSystem(Lab lab, Path dir, String connectString, long sessionTimeoutMs, String labUnsafe) {
        super(GROUP, HOSTS, dir, true);
        // stale-read is the elector's own switch (see Elector): the agents run hakeeper's one elector, so it applies
        List<String> jvm = labUnsafe.equals("stale-read")
                ? List.of("-Xmx64m", "-Dhakeeper.log.level=INFO", "-Dhakeeper.lab.unsafe=stale-read")
                : List.of("-Xmx64m", "-Dhakeeper.log.level=INFO");
        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            String name = "hm" + (i + 1);
            add(host + ":" + MASTER_PORT, new LabProcess(lab, name, host, "master", jvm,
                    List.of("hbase", "master-agent", "--connect", connectString + CHROOT, "--server", host + "," + MASTER_PORT,
                            "--session-timeout", Long.toString(sessionTimeoutMs), "--ledger", ledgerFile().toString()),
                    dir.resolve(name + ".log")));
        }
    }

    @Override
    public String name() {
        return "hbase";
    }
}
