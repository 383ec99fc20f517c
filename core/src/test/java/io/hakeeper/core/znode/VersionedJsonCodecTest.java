package io.hakeeper.core.znode;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hakeeper.core.error.ExitCode;
import java.nio.charset.StandardCharsets;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

class VersionedJsonCodecTest {
    record Member(String host, int port) {
    }

    private final VersionedJsonCodec<Member> codec = VersionedJsonCodec.<Member>builder("member")
            .writes(2, m -> {
                ObjectNode n = VersionedJsonCodec.versioned(2);
                n.put("host", m.host());
                n.put("port", m.port());
                return n;
            })
            .reads(1, n -> new Member(VersionedJsonCodec.required(n, "host").asText(), 9092))
            .reads(2, n -> new Member(VersionedJsonCodec.required(n, "host").asText(),
                    VersionedJsonCodec.required(n, "port").asInt()))
            .build();
    private final Znode<Member> znode = new Znode<>("/members/1", codec);

    @Test
    void writesTheNewestVersionInFieldOrder() {
        assertEquals("{\"version\":2,\"host\":\"a\",\"port\":1}",
                new String(znode.encode(new Member("a", 1)), StandardCharsets.UTF_8));
        assertEquals(new Member("a", 1), znode.decode(znode.encode(new Member("a", 1)), new Stat()));
    }

    @Test
    void readsOlderVersions() {
        assertEquals(new Member("h", 9092), znode.decode(bytes("{\"version\":1,\"host\":\"h\"}"), new Stat()));
    }

    @Test
    void rejectsUnknownVersionsCorruptAndForeignDataNamingTheZnode() {
        String[][] cases = {
            {"{\"version\":7,\"host\":\"h\"}", "version 7 is not one this hakeeper reads [1, 2]"},
            {"not json at all", "is not JSON"},
            {"[1,2]", "not an object"},
            {"{\"host\":\"h\"}", "no integer \"version\""},
            {"{\"version\":2}", "missing field \"host\""},
            {"", "is empty"},
        };
        for (String[] c : cases) {
            CorruptZnodeException e = assertThrows(CorruptZnodeException.class,
                    () -> znode.decode(bytes(c[0]), new Stat()), c[0]);
            assertTrue(e.getMessage().startsWith("znode /members/1: "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertEquals(ExitCode.BAD_DATA, e.exitCode());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
