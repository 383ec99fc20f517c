package io.hakeeper.hbase;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.testkit.Golden;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our bytes against those real HBase 2.6 wrote (testkit's golden/hbase resources), with the writer's random salt taken from
 * the golden file (it is the only part that differs run to run), and our readers on the golden bytes.
 */
class HbaseGoldenTest {
    static final ServerName HM1 = new ServerName("hm1.example.com", 16000, 1700000000000L);
    static final ServerName RS1 = new ServerName("rs1.example.com", 16020, 1700000000001L);

    /** The 8 salt bytes of a golden wrapped value. */
    static byte[] salt(byte[] golden) {
        int idLength = java.nio.ByteBuffer.wrap(golden, 1, 4).getInt();
        return Arrays.copyOfRange(golden, 5 + idLength - 8, 5 + idLength);
    }

    static void assertSameBytes(String file, String identifier, byte[] message) {
        Golden.Znode g = Golden.read("hbase", file);
        assertArrayEquals(g.data(), HbaseBytes.wrap(identifier, salt(g.data()), message), g.path());
    }

    @Test
    void masterMetaClusterIdAndRunningAreByteForByteHbases() {
        assertSameBytes("hbase_master", "master:16000", HbaseMessages.master(HM1, 16010));
        assertSameBytes("hbase_meta-region-server", "master:16000", HbaseMessages.metaRegionServer(RS1, HbaseMessages.REGION_OPEN));
        assertSameBytes("hbase_hbaseid", "master:16000", HbaseMessages.clusterId("5c6f6d70-6174-4862-a173-65636f6d7061"));
        assertSameBytes("hbase_running", "master:16000", HbaseMessages.clusterUp("Sun Nov 22 09:18:08 UTC 2026"));
    }

    @Test
    void regionServerRegistrationIsByteForByteHbases() {
        HbaseMessages.VersionInfo v = new HbaseMessages.VersionInfo("2.6.4-hadoop3",
                "git://buildbox.localdomain/home/apurtell/tmp/RM/hbase", "67f414cfed130bf6325570463ed36ea7d45aebc5", "apurtell",
                "Mon Nov  3 20:44:58 PST 2025",
                "8b72a6f6c4bc175583939b89a319c7b9cf65edec4c4fb77eee48c1500759d05eafc990b54fbeaa8a1659568badbedceede32093ee803c2d1a2e3870d7a703c33",
                2, 6);
        assertSameBytes("hbase_rs_rs1.example.com,16020,1700000000001", "regionserver:16020",
                HbaseMessages.regionServerInfo(new HbaseMessages.RegionServerInfo(16030, v)));
    }

    @Test
    void ourReadersReadTheGoldenBytes() {
        Golden.Znode master = Golden.read("hbase", "hbase_master");
        HbaseMessages.Master m = HbaseMessages.parseMaster(master.path(), HbaseBytes.unwrap(master.path(), master.data()));
        assertEquals(HM1, m.server());
        assertEquals(16010, m.infoPort());
        assertEquals("master:16000", HbaseBytes.writer(master.path(), master.data()));

        Golden.Znode rs = Golden.read("hbase", "hbase_rs_rs1.example.com,16020,1700000000001");
        assertEquals(RS1, ServerName.parse(rs.path().substring(rs.path().lastIndexOf('/') + 1)));
        HbaseMessages.RegionServerInfo info = HbaseMessages.parseRegionServerInfo(rs.path(), HbaseBytes.unwrap(rs.path(), rs.data()));
        assertEquals(16030, info.infoPort());
        assertEquals("2.6.4-hadoop3", info.version().version());
        assertEquals(6, info.version().minor());

        Golden.Znode meta = Golden.read("hbase", "hbase_meta-region-server");
        assertEquals(RS1, HbaseMessages.parseMetaRegionServer(meta.path(), HbaseBytes.unwrap(meta.path(), meta.data())).server());
        Golden.Znode id = Golden.read("hbase", "hbase_hbaseid");
        assertEquals("5c6f6d70-6174-4862-a173-65636f6d7061",
                HbaseMessages.parseSingleString(id.path(), "ClusterId", HbaseBytes.unwrap(id.path(), id.data())));
        assertTrue(new HbasePayloadDecoder().decode(master.path(), master.data(), null).orElseThrow()
                .contains("hm1.example.com,16000,1700000000000"));
    }

    @Test
    void theBaseZnodesAreHbases() {
        HbaseZnodes z = HbaseZnodes.defaults();
        for (String path : z.baseZnodes()) {
            Golden.Znode g = Golden.read("hbase", path.substring(1).replace('/', '_'));
            assertEquals("PERSISTENT", g.mode(), path);
            assertEquals(0, g.data().length, path);
        }
        assertEquals(List.of("/hbase", "/hbase/rs", "/hbase/draining", "/hbase/table", "/hbase/splitWAL",
                "/hbase/backup-masters", "/hbase/master-maintenance"), z.baseZnodes());
    }

    @Test
    void foreignOrCorruptBytesNameTheZnode() {
        CorruptZnodeException noMagic = assertThrows(CorruptZnodeException.class,
                () -> HbaseBytes.unwrap("/hbase/master", "hello".getBytes()));
        assertTrue(noMagic.getMessage().contains("/hbase/master") && noMagic.getMessage().contains("PBUF"), noMagic.getMessage());
        CorruptZnodeException badLength = assertThrows(CorruptZnodeException.class,
                () -> HbaseBytes.unwrap("/hbase/rs/x,1,1", new byte[] {(byte) 0xFF, 0, 0, 1, 0, 1}));
        assertTrue(badLength.getMessage().contains("/hbase/rs/x,1,1"), badLength.getMessage());
        assertThrows(CorruptZnodeException.class, () -> HbaseMessages.parseMaster("/hbase/master",
                new byte[] {0x0a, 0x7f, 0x01}));
        // unwrapped (no metadata) data is read too, as HBase reads it
        byte[] plain = java.nio.ByteBuffer.allocate(4 + HbaseMessages.master(HM1, 1).length).put(HbaseBytes.PB_MAGIC)
                .put(HbaseMessages.master(HM1, 1)).array();
        assertEquals(HM1, HbaseMessages.parseMaster("/hbase/master", HbaseBytes.unwrap("/hbase/master", plain)).server());
    }
}
