package io.hakeeper.core.config;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Site files layered and expanded as Hadoop's Configuration does it. */
class ConfigFilesTest {
    @TempDir
    Path dir;

    private Path site(String name, String properties) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "<?xml version=\"1.0\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\"configuration.xsl\"?>\n"
                + "<!-- Licensed to the Apache Software Foundation -->\n<configuration>\n" + properties + "</configuration>\n");
        return f;
    }

    private static String prop(String name, String value, boolean isFinal) {
        return "  <property>\n    <name>" + name + "</name>\n    <value>" + value + "</value>\n"
                + (isFinal ? "    <final>true</final>\n" : "") + "    <description>what it is</description>\n  </property>\n";
    }

    @Test
    void laterFilesOverrideEarlierOnesExceptFinalValues() throws Exception {
        Path core = site("core-site.xml", prop("ha.zookeeper.quorum", "zk1:2181", true) + prop("a", "core", false));
        Path hdfs = site("hdfs-site.xml", prop("ha.zookeeper.quorum", "elsewhere:2181", false) + prop("a", "hdfs", false));
        Map<String, String> conf = ConfigFiles.read(List.of(core, hdfs));
        assertEquals("zk1:2181", conf.get("ha.zookeeper.quorum"), "a final value is not overridden");
        assertEquals("hdfs", conf.get("a"));
    }

    @Test
    void variablesExpandAcrossFiles() throws Exception {
        Path core = site("core-site.xml", prop("zk.hosts", "zk1:2181,zk2:2181", false)
                + prop("ha.zookeeper.quorum", "${zk.hosts}", false));
        Path hdfs = site("hdfs-site.xml", prop("dfs.namenode.rpc-address.mycluster.nn1", "${nn1.host}:8020", false)
                + prop("nn1.host", "nn1.example.com", false));
        Map<String, String> conf = ConfigFiles.read(List.of(core, hdfs));
        assertEquals("zk1:2181,zk2:2181", conf.get("ha.zookeeper.quorum"));
        assertEquals("nn1.example.com:8020", conf.get("dfs.namenode.rpc-address.mycluster.nn1"));
    }

    @Test
    void expansionFollowsHadoopsRules() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("home", "/from/conf");
        conf.put("a", "${home}/x");
        conf.put("sys", "${user.dir.test}/y");
        conf.put("env", "${env.HK_SET}|${env.HK_UNSET:-fallback}|${env.HK_EMPTY:-e}|${env.HK_EMPTY-kept}");
        conf.put("unbound", "${nope}/${home}");
        conf.put("self", "x${self}");
        conf.put("c1", "${c2}");
        conf.put("c2", "${c1}+");
        Map<String, String> sys = Map.of("user.dir.test", "/from/sysprop", "home", "/sysprop/wins");
        Map<String, String> env = Map.of("HK_SET", "set", "HK_EMPTY", "");
        Map<String, String> expanded;
        try {
            expanded = VariableExpansion.expand(conf, sys::get, env::get);
            fail("a two-key cycle must be refused");
        } catch (HakeeperException e) {
            assertEquals(ExitCode.CONFIG, e.exitCode());
            assertTrue(e.getMessage().contains("c1") && e.getMessage().contains("cycle"), e.getMessage());
        }
        conf.remove("c1");
        conf.remove("c2");
        expanded = VariableExpansion.expand(conf, sys::get, env::get);
        assertEquals("/sysprop/wins/x", expanded.get("a"), "a system property wins over a configuration key");
        assertEquals("/from/sysprop/y", expanded.get("sys"));
        assertEquals("set|fallback|e|", expanded.get("env"));
        assertEquals("${nope}/${home}", expanded.get("unbound"), "expansion stops at the first unresolved reference");
        assertEquals("x${self}", expanded.get("self"), "a self-reference stays as written");
    }
}
