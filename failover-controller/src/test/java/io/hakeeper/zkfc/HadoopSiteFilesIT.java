package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.config.ConfigFiles;
import io.hakeeper.core.util.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The controllers configured the way an HDFS operator already is: the core-site.xml and hdfs-site.xml of Hadoop's
 * HA guide (every key an HA cluster has, most of them not ours; a multi-line fencing list with sshfence first; a
 * {@code ${var}} reference; a final value a later file tries to override), plus a small hakeeper.properties that
 * only says how to reach each master. They read the files as they are and fail over.
 */
class HadoopSiteFilesIT extends ControllerPairBase {
    @Override
    List<Path> writeConfig(String quorum, int[] ports) throws Exception {
        Path core = dir.resolve("core-site.xml");
        Files.writeString(core, """
                <?xml version="1.0" encoding="UTF-8"?>
                <?xml-stylesheet type="text/xsl" href="configuration.xsl"?>
                <!-- Licensed under the Apache License, Version 2.0 -->
                <configuration>
                  <property>
                    <name>fs.defaultFS</name>
                    <value>hdfs://mycluster</value>
                  </property>
                  <property>
                    <name>hadoop.tmp.dir</name>
                    <value>/tmp/hadoop-${user.name}</value>
                  </property>
                  <property>
                    <name>site.zookeeper.hosts</name>
                    <value>%s</value>
                  </property>
                  <property>
                    <name>ha.zookeeper.quorum</name>
                    <value>${site.zookeeper.hosts}</value>
                    <final>true</final>
                    <description>The ZooKeeper ensemble of the failover controllers.</description>
                  </property>
                  <property>
                    <name>ha.zookeeper.session-timeout.ms</name>
                    <value>4000</value>
                  </property>
                </configuration>
                """.formatted(quorum));
        Path hdfs = dir.resolve("hdfs-site.xml");
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 2; i++) {
            String nn = "nn" + (i + 1);
            nodes.append("""
                      <property>
                        <name>dfs.namenode.rpc-address.mycluster.%1$s</name>
                        <value>127.0.0.1:%2$d</value>
                      </property>
                      <property>
                        <name>dfs.namenode.http-address.mycluster.%1$s</name>
                        <value>127.0.0.1:9870</value>
                      </property>
                      <property>
                        <name>dfs.ha.zkfc.port.mycluster.%1$s</name>
                        <value>%3$d</value>
                      </property>
                    """.formatted(nn, ports[i], ports[2 + i]));
        }
        Files.writeString(hdfs, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration>
                  <property><name>dfs.nameservices</name><value>mycluster</value></property>
                  <property><name>dfs.ha.namenodes.mycluster</name><value>nn1, nn2</value></property>
                %s
                  <property>
                    <name>dfs.namenode.shared.edits.dir</name>
                    <value>qjournal://jn1:8485;jn2:8485;jn3:8485/mycluster</value>
                  </property>
                  <property>
                    <name>dfs.client.failover.proxy.provider.mycluster</name>
                    <value>org.apache.hadoop.hdfs.server.namenode.ha.ConfiguredFailoverProxyProvider</value>
                  </property>
                  <property>
                    <name>dfs.ha.fencing.methods</name>
                    <value>sshfence(hdfs:1)
                      # nothing listens on port 1: the chain must fall through to the next method
                      shell(true)</value>
                  </property>
                  <property><name>dfs.ha.fencing.ssh.connect-timeout</name><value>2000</value></property>
                  <property><name>dfs.ha.automatic-failover.enabled</name><value>true</value></property>
                  <property><name>dfs.journalnode.edits.dir</name><value>${hadoop.tmp.dir}/journal</value></property>
                  <property><name>ha.health-monitor.check-interval.ms</name><value>200</value></property>
                  <property>
                    <name>ha.zookeeper.quorum</name>
                    <value>127.0.0.1:1</value>
                    <description>Ignored: core-site.xml marked the quorum final.</description>
                  </property>
                </configuration>
                """.formatted(nodes));
        Path ours = dir.resolve("hakeeper.properties");
        Files.writeString(ours, "# how hakeeper reaches each master: the only file that is not Hadoop's\n"
                + targetLines("mycluster", "nn1") + targetLines("mycluster", "nn2")
                + "hakeeper.admin.port.mycluster.nn1=" + adminPorts.get("nn1") + "\n"
                + "hakeeper.admin.port.mycluster.nn2=" + adminPorts.get("nn2") + "\n");
        return List.of(core, hdfs, ours);
    }

    @Test
    void controllersReadTheSiteFilesAsTheyAreAndFailOver() throws Exception {
        ZkfcSettings settings = ZkfcSettings.from(ConfigFiles.read(configs), null, null);
        assertEquals("mycluster", settings.nameservice());
        assertEquals(List.of("nn1", "nn2"), settings.nodes().keySet().stream().sorted().toList());

        String first = awaitExactlyOneActive(Duration.ofSeconds(60));
        String other = first.equals("nn1") ? "nn2" : "nn1";
        StringWriter text = new StringWriter();
        assertEquals(0, new HaAdmin(settings, new PrintWriter(text, true), Duration.ofSeconds(5)).getAllServiceState());
        assertTrue(text.toString().contains("active") && text.toString().contains("standby"), text.toString());

        masters.get(first).kill9();
        Await.until(() -> "active".equals(state(other)), Duration.ofSeconds(30), other + " to become active");
        String log = Files.readString(dir.resolve("zkfc-" + other + ".log"));
        assertTrue(log.contains("sshfence") && log.contains("shell(true)"),
                "the new active went down the site file's fencing list, sshfence then shell:\n" + log);
        assertTrue(checker.records().stream().anyMatch(r -> r.contains(" ACQUIRE " + other + " ")),
                "the ledger shows the new active");
    }
}
