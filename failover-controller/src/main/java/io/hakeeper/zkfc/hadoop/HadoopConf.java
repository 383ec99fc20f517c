package io.hakeeper.zkfc.hadoop;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The bridge from the site files we read (core-site.xml, hdfs-site.xml, yarn-site.xml) to Hadoop's own
 * {@link Configuration}, so Hadoop's IPC client and server see every key the operator set: RPC timeouts and retries,
 * {@code hadoop.security.authentication}, {@code hadoop.rpc.protection}, service ACLs. Building one does no I/O.
 */
public final class HadoopConf {
    /** Where Hadoop's ZKFC takes its Kerberos identity from (the NameNode's), and the ResourceManager's equivalent. */
    private static final String[][] LOGIN_KEYS = {
            {"dfs.namenode.keytab.file", "dfs.namenode.kerberos.principal"},
            {"yarn.resourcemanager.keytab", "yarn.resourcemanager.principal"}};

    private HadoopConf() {
    }

    /** A Configuration holding Hadoop's defaults overlaid with {@code site}. */
    public static Configuration of(Map<String, String> site) {
        Configuration conf = new Configuration();
        site.forEach(conf::set);
        return conf;
    }

    /**
     * Sets the process's Hadoop identity as Hadoop's ZKFC does: with {@code hadoop.security.authentication=kerberos},
     * logs in from the NameNode's keytab and principal ({@code _HOST} replaced by {@code host}), or the
     * ResourceManager's; without a keytab key, Hadoop's login user (a ticket cache) is used.
     */
    public static void login(Configuration conf, String host) {
        UserGroupInformation.setConfiguration(conf);
        if (!UserGroupInformation.isSecurityEnabled()) {
            return;
        }
        for (String[] keys : LOGIN_KEYS) {
            if (conf.get(keys[0]) != null) {
                try {
                    SecurityUtil.login(conf, keys[0], keys[1], host);
                } catch (IOException e) {
                    throw new HakeeperException(ExitCode.AUTH, "Kerberos login from " + keys[0] + "=" + conf.get(keys[0])
                            + " as " + conf.get(keys[1]) + " failed (" + e.getMessage() + "): check the keytab and principal", e);
                }
                return;
            }
        }
    }
}
