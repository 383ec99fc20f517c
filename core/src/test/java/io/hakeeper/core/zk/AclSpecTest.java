package io.hakeeper.core.zk;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AclSpecTest {
    @Test
    void parsesHadoopSyntaxWithColonsInsideTheId() {
        List<ACL> acls = AclSpec.parse("world:anyone:r, digest:admin:XyZ+/abc=:cdrwa,sasl:hdfs/nn@EXAMPLE.COM:rwcda");
        assertEquals(3, acls.size());
        assertEquals("anyone", acls.get(0).getId().getId());
        assertEquals(ZooDefs.Perms.READ, acls.get(0).getPerms());
        assertEquals("digest", acls.get(1).getId().getScheme());
        assertEquals("admin:XyZ+/abc=", acls.get(1).getId().getId());
        assertEquals(ZooDefs.Perms.ALL, acls.get(1).getPerms());
        assertEquals("hdfs/nn@EXAMPLE.COM", acls.get(2).getId().getId());
        assertEquals("world:anyone:r,digest:admin:XyZ+/abc=:rwcda,sasl:hdfs/nn@EXAMPLE.COM:rwcda", AclSpec.format(acls));
    }

    @Test
    void readsTheListFromAFileAfterAt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("acl");
        Files.writeString(f, "# admins\nworld:anyone:r\ndigest:a:b:rw\n");
        assertEquals(2, AclSpec.parse("@" + f).size());
    }

    @Test
    void emptyMeansOpenAsHadoopDefaults() {
        assertEquals(ZooDefs.Ids.OPEN_ACL_UNSAFE, AclSpec.parse(""));
    }

    @Test
    void badInputGetsAConfigErrorNamingTheEntry() {
        for (String bad : new String[] {"world:anyone", "world:anyone:rwx", "justtext", "@/no/such/file", "#only a comment"}) {
            HakeeperException e = assertThrows(HakeeperException.class, () -> AclSpec.parse(bad), bad);
            assertEquals(ExitCode.CONFIG, e.exitCode());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }
}
