package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.FreePorts;
import io.hakeeper.core.zk.ZkSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the controller: each case one line on stderr naming the problem and the fix, with its exit code. */
class ZkfcBadInputIT {
    @TempDir
    Path dir;

    record Outcome(int code, String stderr) {
    }

    private Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(ZkfcMain.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private Path write(String name, String content) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    static String base(String quorum) {
        return "ha.zookeeper.quorum=" + quorum + "\ndfs.nameservices=ns\ndfs.ha.namenodes.ns=nn1,nn2\n"
                + "dfs.namenode.rpc-address.ns.nn1=127.0.0.1:1\ndfs.namenode.rpc-address.ns.nn2=127.0.0.1:2\n"
                + "hakeeper.target.ns=http://127.0.0.1:1/ha\ndfs.ha.fencing.methods=shell(true)\n";
    }

    @Test
    void eachBadInputIsOneLineWithItsExitCode() throws Exception {
        int closed = FreePorts.reserve(1)[0];
        String unreachable = "127.0.0.1:" + closed;
        Object[][] cases = {
            {"malformed site XML", write("bad-site.xml", "<configuration><property><name>x</name>"), 3, "is not valid Hadoop configuration XML"},
            {"property without a name", write("noname-site.xml", "<configuration><property><value>1</value></property></configuration>"), 3, "has no <name>"},
            {"unknown nameservice", write("a.properties", base(unreachable).replace("dfs.nameservices=ns", "dfs.nameservices=other")), 3, "unknown nameservice 'ns': dfs.nameservices lists [other]", "ns"},
            {"ambiguous nameservice", write("a2.properties", base(unreachable).replace("dfs.nameservices=ns", "dfs.nameservices=ns,other")), 3, "pass --nameservice"},
            {"missing namenodes key", write("b.properties", base(unreachable).replace("dfs.ha.namenodes.ns=nn1,nn2\n", "")), 3, "dfs.ha.namenodes.ns is not set"},
            {"missing quorum", write("c.properties", base("").replace("ha.zookeeper.quorum=\n", "")), 3, "ha.zookeeper.quorum is not set"},
            {"malformed fencing spec", write("d.properties", base(unreachable).replace("shell(true)", "shell(")), 3, "dfs.ha.fencing.methods line 1"},
            {"unknown hakeeper key", write("e.properties", base(unreachable) + "hakeeper.leese.enabled=true\n"), 3, "unknown key 'hakeeper.leese.enabled'"},
            {"bad rpc address", write("f.properties", base(unreachable).replace("127.0.0.1:1\n", "nohost\n")), 3, "is not host:port"},
            {"bad health spec", write("g.properties", base(unreachable) + "hakeeper.health.ns=ftp://x\n"), 3, "write http://"},
            {"no config file", dir.resolve("missing.properties"), 3, "no configuration file at"},
        };
        for (Object[] c : cases) {
            Outcome o = c.length > 4
                    ? run("--config", c[1].toString(), "--node", "nn1", "--nameservice", (String) c[4])
                    : run("--config", c[1].toString(), "--node", "nn1");
            assertEquals(c[2], o.code(), c[0] + ": " + o.stderr());
            assertTrue(o.stderr().startsWith("error: ") && o.stderr().contains((String) c[3]), c[0] + ": " + o.stderr());
            assertEquals(1, o.stderr().strip().lines().count(), c[0] + " is one line: " + o.stderr());
        }
    }

    @Test
    void anUnreachableQuorumIsExitCodeFour() throws Exception {
        int closed = FreePorts.reserve(1)[0];
        Path conf = write("u.properties", base("127.0.0.1:" + closed));
        long start = System.nanoTime();
        Outcome o = run("--config", conf.toString(), "--node", "nn1");
        assertEquals(4, o.code(), o.stderr());
        assertTrue(o.stderr().contains("could not reach ZooKeeper"), o.stderr());
        assertTrue((System.nanoTime() - start) / 1_000_000_000 < 60, "bounded by the connection timeout");
    }

    @Test
    void aLockZnodeWhoseAclDeniesUsStopsTheControllerWithExitCodeFive() throws Exception {
        try (org.apache.curator.test.TestingServer zk = new org.apache.curator.test.TestingServer(true)) {
            int masterPort = FreePorts.reserve(1)[0];
            com.sun.net.httpserver.HttpServer master = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress("127.0.0.1", masterPort), 10);
            master.createContext("/", ex -> {
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            master.start();
            try (CuratorFramework admin = ZkSettings.builder(zk.getConnectString()).build().connect()) {
                // formatted, but read-only for everyone: the controller cannot create its lock under it
                admin.create().creatingParentsIfNeeded().withACL(org.apache.zookeeper.ZooDefs.Ids.READ_ACL_UNSAFE)
                        .forPath("/hadoop-ha/ns");
                Path conf = write("acl.properties", base(zk.getConnectString())
                        .replace("127.0.0.1:1\n", "127.0.0.1:" + masterPort + "\n")
                        + "hakeeper.admin.port.ns=" + FreePorts.reserve(1)[0] + "\n");
                Outcome o = run("--config", conf.toString(), "--node", "nn1");
                assertEquals(5, o.code(), o.stderr());
                assertTrue(o.stderr().contains("NoAuth") && o.stderr().contains("grant"), o.stderr());
            } finally {
                master.stop(0);
            }
        }
    }
}
