package io.hakeeper.rm;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.core.znode.CorruptZnodeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The state store on a real ZooKeeper: layout, round trips, split indices, the size guard, bad data. */
class RmStateStoreIT {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    TestingServer zk;
    CuratorFramework client;

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        client = ZkSettings.builder(zk.getConnectString()).build().connect();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        zk.close();
    }

    RmStateStore store(StoreSettings settings) throws Exception {
        RmStateStore s = new RmStateStore(client, settings, RmStateStore.unfenced(client));
        s.open();
        return s;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String app(int i) {
        return String.format("application_1700000000000_%04d", i);
    }

    static String attempt(int app, int n) {
        return String.format("appattempt_1700000000000_%04d_%06d", app, n);
    }

    @Test
    void everythingStoredIsLoadedBackAndTheEpochGoesUp() throws Exception {
        RmStateStore s = store(StoreSettings.defaults());
        assertEquals(0, s.getAndIncrementEpoch(), "an empty store starts at yarn.resourcemanager.epoch");
        assertEquals(1, s.getAndIncrementEpoch());
        for (int i = 1; i <= 3; i++) {
            s.storeApplication(app(i), bytes("app" + i));
            s.storeAttempt(app(i), attempt(i, 1), bytes("a" + i + "-1"));
            s.storeAttempt(app(i), attempt(i, 2), bytes("a" + i + "-2"));
        }
        s.updateApplication(app(2), bytes("app2-finished"));
        s.updateAttempt(app(2), attempt(2, 2), bytes("a2-2-finished"));
        s.removeApplication(app(3));
        s.storeMasterKey(7, bytes("key7"));
        s.storeMasterKey(8, bytes("key8"));
        s.removeMasterKey(7);
        s.storeToken(1, bytes("token1"));
        s.storeToken(2, bytes("token2"));
        s.removeToken(1);
        s.storeAmrmTokenState(bytes("amrm"));

        RmState state = s.loadState(DEADLINE);
        assertEquals(2, state.applications().size(), state.applications().keySet().toString());
        assertArrayEquals(bytes("app1"), state.applications().get(app(1)).state());
        assertArrayEquals(bytes("app2-finished"), state.applications().get(app(2)).state());
        assertArrayEquals(bytes("a2-2-finished"), state.applications().get(app(2)).attempts().get(attempt(2, 2)));
        assertArrayEquals(bytes("a1-1"), state.applications().get(app(1)).attempts().get(attempt(1, 1)));
        assertEquals(2, state.applications().get(app(1)).attempts().size());
        assertEquals(Map.of(8, "key8"), strings(state.masterKeys()));
        assertEquals(Map.of(2, "token2"), strings(state.tokens()));
        assertEquals(2, state.sequenceNumber());
        assertEquals(2, state.epoch());
        assertArrayEquals(bytes("amrm"), state.amrmTokenState());

        // the bytes where YARN keeps them
        StoreLayout l = StoreSettings.defaults().layout();
        assertArrayEquals(new byte[] {0, 0, 0, 2}, client.getData().forPath(l.sequenceNumber()));
        assertArrayEquals(new byte[] {8, 1, 16, 5}, client.getData().forPath(l.version()), "VersionProto{1, 5}");
        assertArrayEquals(new byte[] {8, 2}, client.getData().forPath(l.epoch()), "EpochProto{2}");
        assertNotNull(client.checkExists().forPath("/rmstore/ZKRMStateRoot/RMAppRoot/" + app(1) + "/" + attempt(1, 1)));
        assertNotNull(client.checkExists().forPath("/rmstore/ZKRMStateRoot/RMDTSecretManagerRoot/RMDelegationTokensRoot/RMDelegationToken_2"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void everySplitIndexRoundTrips(int split) throws Exception {
        RmStateStore s = store(StoreSettings.defaults().withAppSplitIndex(split).withTokenSplitIndex(split));
        for (int i = 1; i <= 12; i++) {
            s.storeApplication(app(i), bytes("app" + i));
            s.storeAttempt(app(i), attempt(i, 1), bytes("att" + i));
            s.storeToken(i, bytes("t" + i));
        }
        s.removeApplication(app(12));
        s.removeToken(12);
        if (split > 0) {
            String parent = StoreSettings.defaults().layout().appParent(app(1), split);
            assertNotNull(client.checkExists().forPath(parent + "/" + app(1).substring(app(1).length() - split)),
                    "split " + split + " puts the last " + split + " characters under HIERARCHIES/" + split);
        }
        RmState state = s.loadState(DEADLINE);
        assertEquals(11, state.applications().size());
        assertEquals(11, state.tokens().size());
        for (int i = 1; i <= 11; i++) {
            assertArrayEquals(bytes("app" + i), state.applications().get(app(i)).state(), app(i));
            assertArrayEquals(bytes("att" + i), state.applications().get(app(i)).attempts().get(attempt(i, 1)));
            assertArrayEquals(bytes("t" + i), state.tokens().get(i));
        }
    }

    @Test
    void changingTheSplitIndexKeepsOldApplicationsLoadableAndWritable() throws Exception {
        RmStateStore flat = store(StoreSettings.defaults());
        flat.storeApplication(app(1), bytes("old"));
        flat.storeAttempt(app(1), attempt(1, 1), bytes("old-attempt"));
        RmStateStore split = store(StoreSettings.defaults().withAppSplitIndex(2));
        split.storeApplication(app(2), bytes("new"));
        split.updateApplication(app(1), bytes("old-updated"));
        split.storeAttempt(app(1), attempt(1, 2), bytes("second"));
        RmState state = split.loadState(DEADLINE);
        assertArrayEquals(bytes("old-updated"), state.applications().get(app(1)).state());
        assertEquals(2, state.applications().get(app(1)).attempts().size());
        assertArrayEquals(bytes("new"), state.applications().get(app(2)).state());
        split.removeApplication(app(1));
        assertNull(client.checkExists().forPath("/rmstore/ZKRMStateRoot/RMAppRoot/" + app(1)));
        assertEquals(1, split.loadState(DEADLINE).applications().size());
    }

    @Test
    void anOversizeApplicationIsRefusedAndNothingElseIsLost() throws Exception {
        RmStateStore s = store(StoreSettings.defaults().withMaxZnodeBytes(4096));
        s.storeApplication(app(1), bytes("fine"));
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        StoreLimitException e = assertThrows(StoreLimitException.class, () -> s.storeApplication(app(2), new byte[4097]));
        assertTrue(e.getMessage().contains("yarn.resourcemanager.zk-max-znode-size.bytes"), e.getMessage());
        assertEquals(ExitCode.BAD_DATA, e.exitCode());
        assertThrows(StoreLimitException.class, () -> s.updateApplication(app(1), new byte[5000]));
        s.storeApplication(app(3), bytes("also fine"));
        assertEquals(session, client.getZookeeperClient().getZooKeeper().getSessionId(), "the session survived");
        RmState state = s.loadState(DEADLINE);
        assertEquals(2, state.applications().size());
        assertArrayEquals(bytes("fine"), state.applications().get(app(1)).state());
        assertNull(client.checkExists().forPath("/rmstore/ZKRMStateRoot/RMAppRoot/" + app(2)));
    }

    @Test
    void corruptOrForeignDataNamesTheZnode() throws Exception {
        RmStateStore s = store(StoreSettings.defaults());
        StoreLayout l = s.settings().layout();
        s.storeToken(1, bytes("t"));

        client.setData().forPath(l.sequenceNumber(), new byte[] {1, 2, 3});
        CorruptZnodeException seq = assertThrows(CorruptZnodeException.class, () -> s.loadState(DEADLINE));
        assertTrue(seq.getMessage().contains(l.sequenceNumber()), seq.getMessage());
        client.setData().forPath(l.sequenceNumber(), new byte[] {0, 0, 0, 1});
        // as a ZKRMStateStore leaves it before its first delegation token (every cluster without Kerberos): YARN reads 0
        client.setData().forPath(l.sequenceNumber(), new byte[0]);
        assertEquals(0, s.loadState(DEADLINE).sequenceNumber());
        client.setData().forPath(l.sequenceNumber(), new byte[] {0, 0, 0, 1});

        client.create().forPath(l.appDir(2) + "/not_an_app", new byte[0]);
        client.create().forPath(l.appDir(2) + "/not_an_app/xy", bytes("?"));
        CorruptZnodeException foreign = assertThrows(CorruptZnodeException.class, () -> s.loadState(DEADLINE));
        assertTrue(foreign.getMessage().contains(l.appDir(2) + "/not_an_app/xy"), foreign.getMessage());
        client.delete().deletingChildrenIfNeeded().forPath(l.appDir(2) + "/not_an_app");

        client.create().forPath(l.epoch(), bytes("garbage!"));
        CorruptZnodeException epoch = assertThrows(CorruptZnodeException.class, s::getAndIncrementEpoch);
        assertTrue(epoch.getMessage().contains(l.epoch()), epoch.getMessage());
        client.delete().forPath(l.epoch());

        client.setData().forPath(l.version(), StoreProtos.version(new StoreProtos.Version(2, 0)));
        HakeeperException version = assertThrows(HakeeperException.class, s::open);
        assertTrue(version.getMessage().contains("version 2.0") && version.getMessage().contains("format"), version.getMessage());
        assertEquals(1, Arrays.asList(client.getChildren().forPath(l.tokensRoot()).toArray()).stream()
                .filter(n -> n.toString().startsWith("RMDelegationToken_")).count(), "nothing was lost on the way");
    }

    private static Map<Integer, String> strings(Map<Integer, byte[]> m) {
        java.util.Map<Integer, String> out = new java.util.HashMap<>();
        m.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return out;
    }
}
