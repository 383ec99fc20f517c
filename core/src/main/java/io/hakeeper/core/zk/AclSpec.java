package io.hakeeper.core.zk;

import io.hakeeper.core.error.HakeeperException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * ACLs in ZooKeeper's CLI syntax, exactly as Hadoop's {@code ha.zookeeper.acl} takes them:
 * {@code scheme:id:perms} entries separated by commas (or newlines in a file), where perms is any of
 * {@code rwcda}. A value starting with {@code @} names a file holding the list. The id may itself contain
 * colons ({@code digest:user:hash:cdrwa}), so the permissions are taken after the last colon.
 */
public final class AclSpec {
    private AclSpec() {
    }

    public static List<ACL> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return ZooDefs.Ids.OPEN_ACL_UNSAFE;
        }
        String text = spec.trim();
        text = io.hakeeper.core.config.ConfigValues.resolveIndirection("the ACL spec", text);
        List<ACL> acls = new ArrayList<>();
        for (String raw : text.split("[,\\n]")) {
            String entry = raw.trim();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            acls.add(parseEntry(entry));
        }
        if (acls.isEmpty()) {
            throw HakeeperException.config("the ACL list '" + spec + "' is empty: give at least one scheme:id:perms entry,"
                    + " e.g. world:anyone:rwcda");
        }
        return java.util.Collections.unmodifiableList(acls); // not List.copyOf: ZooKeeper calls contains(null) on it
    }

    private static ACL parseEntry(String entry) {
        int first = entry.indexOf(':');
        int last = entry.lastIndexOf(':');
        if (first <= 0 || last == first || last == entry.length() - 1) {
            throw HakeeperException.config("malformed ACL entry '" + entry + "': write it as scheme:id:perms,"
                    + " e.g. world:anyone:rwcda or digest:user:base64hash:cdrwa");
        }
        String scheme = entry.substring(0, first);
        String id = entry.substring(first + 1, last);
        return new ACL(permissions(entry, entry.substring(last + 1)), new Id(scheme, id));
    }

    private static int permissions(String entry, String perms) {
        int mask = 0;
        for (char c : perms.toCharArray()) {
            switch (Character.toLowerCase(c)) {
                case 'r' -> mask |= ZooDefs.Perms.READ;
                case 'w' -> mask |= ZooDefs.Perms.WRITE;
                case 'c' -> mask |= ZooDefs.Perms.CREATE;
                case 'd' -> mask |= ZooDefs.Perms.DELETE;
                case 'a' -> mask |= ZooDefs.Perms.ADMIN;
                default -> throw HakeeperException.config("ACL entry '" + entry + "' has the unknown permission '" + c
                        + "': permissions are letters from rwcda");
            }
        }
        return mask;
    }

    /** Renders ACLs back in the same syntax, for status output and round-trip tests. */
    public static String format(List<ACL> acls) {
        List<String> parts = new ArrayList<>();
        for (ACL acl : acls) {
            StringBuilder p = new StringBuilder();
            int m = acl.getPerms();
            if ((m & ZooDefs.Perms.READ) != 0) p.append('r');
            if ((m & ZooDefs.Perms.WRITE) != 0) p.append('w');
            if ((m & ZooDefs.Perms.CREATE) != 0) p.append('c');
            if ((m & ZooDefs.Perms.DELETE) != 0) p.append('d');
            if ((m & ZooDefs.Perms.ADMIN) != 0) p.append('a');
            parts.add(acl.getId().getScheme() + ":" + acl.getId().getId() + ":" + p);
        }
        return String.join(",", parts);
    }
}
