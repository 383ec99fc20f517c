package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.znode.CorruptZnodeException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The old consumer's registration, owner and offset payloads, and its consumer ids. */
class ConsumerPayloadsTest {
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void registrationIsKafka09sHandRolledJsonByteForByte() {
        Map<String, Integer> sub = new LinkedHashMap<>();
        sub.put("orders", 2);
        sub.put("clicks", 1);
        assertEquals("{\"version\":1,\"subscription\":{\"clicks\":1,\"orders\":2},\"pattern\":\"static\",\"timestamp\":\"1700000000000\"}",
                new String(ConsumerPayloads.registration(sub, 1700000000000L), StandardCharsets.UTF_8));
    }

    @Test
    void registrationRefusesWhatTheUnescapedJsonCouldNotCarry() {
        assertThrows(IllegalArgumentException.class, () -> ConsumerPayloads.registration(Map.of("a\"b", 1), 0));
        assertThrows(IllegalArgumentException.class, () -> ConsumerPayloads.registration(Map.of("..", 1), 0));
        assertThrows(IllegalArgumentException.class, () -> ConsumerPayloads.registration(Map.of("t", 0), 0));
    }

    @Test
    void parsesAnyKeyOrderAndRoundTrips() {
        ConsumerPayloads.Registration r = ConsumerPayloads.parseRegistration("/consumers/g/ids/c",
                utf8("{\"timestamp\":\"42\", \"pattern\":\"static\", \"subscription\":{\"b\":3,\"a\":1}, \"version\":1}"));
        assertEquals(Map.of("a", 1, "b", 3), r.subscription());
        assertEquals(42, r.timestamp());
        assertFalse(r.isWildcard());
        assertEquals(Map.of("a", 1, "b", 3), r.topics(List.of()));

        ConsumerPayloads.Registration back = ConsumerPayloads.parseRegistration("/p", ConsumerPayloads.registration(Map.of("x", 2), 7));
        assertEquals(new ConsumerPayloads.Registration(Map.of("x", 2), "static", 7), back);
    }

    @Test
    void wildcardRegistrationsResolveAgainstTheClustersTopicsAsKafkasTopicFilter() {
        ConsumerPayloads.Registration white = ConsumerPayloads.parseRegistration("/p",
                utf8("{\"version\":1,\"subscription\":{\"orders.*, clicks\":2},\"pattern\":\"white_list\",\"timestamp\":\"1\"}"));
        assertTrue(white.isWildcard());
        assertEquals(Map.of("orders-eu", 2, "clicks", 2),
                white.topics(List.of("orders-eu", "clicks", "clicks2", "payments", "__consumer_offsets")));
        ConsumerPayloads.Registration black = ConsumerPayloads.parseRegistration("/p",
                utf8("{\"version\":1,\"subscription\":{\"orders.*\":1},\"pattern\":\"black_list\",\"timestamp\":\"1\"}"));
        assertEquals(Map.of("payments", 1), black.topics(List.of("orders-eu", "payments", "__consumer_offsets")));
    }

    @Test
    void corruptRegistrationsNameTheZnode() {
        String path = "/consumers/g/ids/g_bad";
        for (String bad : new String[] {"garbage", "[]", "{\"version\":1,\"pattern\":\"static\"}",
                "{\"version\":2,\"subscription\":{\"t\":1},\"pattern\":\"static\"}",
                "{\"version\":1,\"subscription\":{\"t\":\"x\"},\"pattern\":\"static\"}",
                "{\"version\":1,\"subscription\":{\"t\":1},\"pattern\":\"everything\"}",
                "{\"version\":1,\"subscription\":{\"(\":1},\"pattern\":\"white_list\"}"}) {
            CorruptZnodeException e = assertThrows(CorruptZnodeException.class,
                    () -> ConsumerPayloads.parseRegistration(path, utf8(bad)), bad);
            assertTrue(e.getMessage().startsWith("znode " + path + ": "), e.getMessage());
        }
        assertThrows(CorruptZnodeException.class, () -> ConsumerPayloads.parseRegistration(path, null));
    }

    @Test
    void ownersAndOffsets() {
        assertEquals("g_c-1-0", ConsumerPayloads.parseOwner("/o", ConsumerPayloads.owner("g_c-1-0")));
        assertThrows(CorruptZnodeException.class, () -> ConsumerPayloads.parseOwner("/o", new byte[0]));
        assertArrayEquals(utf8("1234567890123"), ConsumerPayloads.offset(1234567890123L));
        assertEquals(17, ConsumerPayloads.parseOffset("/off", utf8("17\n")));
        CorruptZnodeException e = assertThrows(CorruptZnodeException.class, () -> ConsumerPayloads.parseOffset("/off", utf8("x")));
        assertTrue(e.getMessage().contains("/off"), e.getMessage());
    }

    @Test
    void consumerIdsAreMadeAsZookeeperConsumerConnectorMakesThem() {
        UUID uuid = new UUID(0x9abcdef012345678L, 1);
        assertEquals("g_host1-1700000000000-9abcdef0", KafkaZnodes.consumerId("g", null, "host1", 1700000000000L, uuid));
        assertEquals("g_worker-7", KafkaZnodes.consumerId("g", "worker-7"));
        assertTrue(KafkaZnodes.consumerId("g", null).matches("g_.+-\\d+-[0-9a-f]{1,8}"));
        assertEquals("/consumers/g/owners/t/3", KafkaZnodes.consumerOwner("g", "t", 3));
        assertEquals("/consumers/g/offsets/t/3", KafkaZnodes.consumerOffset("g", "t", 3));
        assertEquals("/consumers/g/ids/g_c", KafkaZnodes.consumerRegistration("g", "g_c"));
    }
}
