package io.hakeeper.zkfc;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.znode.CorruptZnodeException;
import io.hakeeper.testkit.Golden;
import java.util.HexFormat;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/** Our ActiveNodeInfo against the bytes Hadoop 3.4.3's ActiveStandbyElector wrote. */
class ActiveNodeInfoTest {
    static final ActiveNodeInfo NN1 = new ActiveNodeInfo("mycluster", "nn1", "nn1.example.com", 8020, 8019);

    @Test
    void encodesExactlyWhatHadoopWrites() {
        for (String file : new String[] {"hadoop-ha_mycluster_ActiveBreadCrumb", "hadoop-ha_mycluster_ActiveStandbyElectorLock"}) {
            Golden.Znode golden = Golden.read("hadoop", file);
            assertArrayEquals(golden.data(), NN1.encode(), file);
        }
    }

    @Test
    void decodesWhatHadoopWrites() {
        Golden.Znode golden = Golden.read("hadoop", "hadoop-ha_mycluster_ActiveBreadCrumb");
        assertEquals(NN1, ActiveNodeInfo.CODEC.decode(golden.path(), golden.data(), new Stat()));
    }

    @Test
    void layoutNamesTheSameZnodes() {
        HdfsHaZnodes layout = new HdfsHaZnodes(HdfsHaZnodes.DEFAULT_PARENT, "mycluster");
        assertEquals(Golden.read("hadoop", "hadoop-ha_mycluster").path(), layout.workingDir());
        assertEquals(Golden.read("hadoop", "hadoop-ha_mycluster_ActiveStandbyElectorLock").path(), layout.lock().path());
        assertEquals(Golden.read("hadoop", "hadoop-ha_mycluster_ActiveBreadCrumb").path(), layout.breadcrumb().path());
        assertEquals("/x/mycluster", new HdfsHaZnodes("/x/", "mycluster").workingDir());
    }

    @Test
    void corruptOrForeignBytesAreRejectedNamingTheZnode() {
        String path = "/hadoop-ha/mycluster/ActiveBreadCrumb";
        byte[][] bad = {
            new byte[0],
            "not protobuf at all".getBytes(),
            HexFormat.of().parseHex("0a096d79636c7573746572"), // only the nameservice: required fields missing
            HexFormat.of().parseHex("0a7f"), // a length running past the end
        };
        for (byte[] b : bad) {
            CorruptZnodeException e = assertThrows(CorruptZnodeException.class, () -> ActiveNodeInfo.CODEC.decode(path, b, new Stat()));
            assertTrue(e.getMessage().startsWith("znode " + path + ": "), e.getMessage());
        }
    }

    @Test
    void unknownFieldsOfANewerHadoopAreSkipped() {
        byte[] withExtra = concat(NN1.encode(), HexFormat.of().parseHex("3001")); // field 6 = 1
        assertEquals(NN1, ActiveNodeInfo.CODEC.decode("/p", withExtra, new Stat()));
    }

    @Test
    void zkGetDecodesTheLockAndLeavesForeignPayloadsToOthers() {
        ActiveNodeInfoDecoder decoder = new ActiveNodeInfoDecoder();
        assertTrue(decoder.decode("/hadoop-ha/mycluster/ActiveBreadCrumb", NN1.encode(), new Stat()).orElseThrow()
                .contains("mycluster/nn1 at nn1.example.com:8020"));
        assertTrue(decoder.decode("/yarn-leader-election/c/ActiveBreadCrumb", HexFormat.of().parseHex("0a0163120172"), new Stat())
                .isEmpty(), "YARN's ActiveRMInfoProto is not ours to decode");
        assertTrue(decoder.decode("/other", NN1.encode(), new Stat()).isEmpty());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
