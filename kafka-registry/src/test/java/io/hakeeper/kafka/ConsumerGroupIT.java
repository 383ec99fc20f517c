package io.hakeeper.kafka;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import io.hakeeper.core.util.Await;
import io.hakeeper.core.zk.SessionExpirer;
import io.hakeeper.core.zk.ZkSettings;
import io.hakeeper.kafka.ConsumerGroupMember.Strategy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Old-style consumer groups on a real ZooKeeper: members registering, rebalancing, claiming, committing. */
class ConsumerGroupIT {
    static final String GROUP = "g";
    static final Duration SETTLE = Duration.ofSeconds(30);
    static final ConsumerGroupMember.Tuning FAST = new ConsumerGroupMember.Tuning(Duration.ofMillis(200), 4);

    TestingServer zk;
    CuratorFramework admin;
    final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        zk = new TestingServer(true);
        admin = client();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        zk.close();
    }

    CuratorFramework client() {
        CuratorFramework c = ZkSettings.builder(zk.getConnectString()).sessionTimeout(Duration.ofSeconds(4)).build().connect();
        open.add(c);
        return c;
    }

    void topic(String name, int partitions) throws Exception {
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        IntStream.range(0, partitions).forEach(p -> assignment.put(p, List.of(1)));
        admin.create().creatingParentsIfNeeded().forPath(KafkaZnodes.topic(name),
                KafkaPayloads.topic(new KafkaPayloads.TopicAssignment(assignment, null)));
    }

    /** A member on its own client (its own session), so sessions can be expired one at a time. */
    ConsumerGroupMember member(String name, Map<String, Integer> subscription, Strategy strategy) {
        CuratorFramework c = client();
        clients.put(KafkaZnodes.consumerId(GROUP, name), c);
        ConsumerGroupMember m = new ConsumerGroupMember(c, GROUP, KafkaZnodes.consumerId(GROUP, name), subscription,
                strategy, FAST, owned -> { });
        open.add(m);
        return m.start();
    }

    Map<TopicPartition, String> ownersInZooKeeper(Map<String, Integer> partitions) throws Exception {
        Map<TopicPartition, String> owners = new HashMap<>();
        for (Map.Entry<String, Integer> t : partitions.entrySet()) {
            for (int p = 0; p < t.getValue(); p++) {
                String path = KafkaZnodes.consumerOwner(GROUP, t.getKey(), p);
                if (admin.checkExists().forPath(path) != null) {
                    owners.put(new TopicPartition(t.getKey(), p), new String(admin.getData().forPath(path), StandardCharsets.UTF_8));
                }
            }
        }
        return owners;
    }

    /**
     * Settled: every partition is owned by exactly one thread; what ZooKeeper says each partition's owner is equals
     * what the members say they own; and each member owns exactly the share the strategy gives it.
     */
    boolean settled(List<ConsumerGroupMember> members, Map<String, Map<String, Integer>> subscriptions,
            Map<String, Integer> partitions, Strategy strategy) {
        try {
            Map<TopicPartition, String> union = new HashMap<>();
            int sum = 0;
            for (ConsumerGroupMember m : members) {
                union.putAll(m.owned());
                sum += m.owned().size();
            }
            int total = partitions.values().stream().mapToInt(Integer::intValue).sum();
            Map<TopicPartition, String> expected = strategy.assign(subscriptions, partitions);
            return sum == total && union.size() == total && union.equals(expected) && ownersInZooKeeper(partitions).equals(expected);
        } catch (Exception e) {
            return false;
        }
    }

    static Map<String, Map<String, Integer>> subscriptions(List<ConsumerGroupMember> members, Map<String, Integer> each) {
        Map<String, Map<String, Integer>> s = new TreeMap<>();
        members.forEach(m -> s.put(m.consumerId(), each));
        return s;
    }

    @Test
    void threeMembersSplitTenPartitionsAndRebalanceWhenOneLeavesAndWhenASessionExpires() throws Exception {
        topic("t", 10);
        Map<String, Integer> sub = Map.of("t", 1);
        Map<String, Integer> partitions = Map.of("t", 10);
        List<ConsumerGroupMember> members = new ArrayList<>(List.of(
                member("a", sub, Strategy.RANGE), member("b", sub, Strategy.RANGE), member("c", sub, Strategy.RANGE)));
        Await.until(() -> settled(members, subscriptions(members, sub), partitions, Strategy.RANGE), SETTLE, "three members settled");
        List<Integer> counts = members.stream().map(m -> m.owned().size()).sorted().toList();
        assertEquals(List.of(3, 3, 4), counts, "10 partitions over 3 threads differ by at most one");

        // (b) one leaves: the other two cover everything
        ConsumerGroupMember leaving = members.remove(1);
        leaving.close();
        assertEquals(Map.of(), leaving.owned());
        assertNull(admin.checkExists().forPath(KafkaZnodes.consumerRegistration(GROUP, leaving.consumerId())));
        Await.until(() -> settled(members, subscriptions(members, sub), partitions, Strategy.RANGE), SETTLE, "two members settled");

        // a member's session expires: it registers again in its new session and the group covers everything again
        CuratorFramework victim = clientOf(members.get(0));
        String registration = KafkaZnodes.consumerRegistration(GROUP, members.get(0).consumerId());
        long before = admin.checkExists().forPath(registration).getEphemeralOwner();
        SessionExpirer.expire(victim, Duration.ofSeconds(10));
        Await.until(() -> {
            Stat s = stat(registration);
            return s != null && s.getEphemeralOwner() != before && settled(members, subscriptions(members, sub), partitions, Strategy.RANGE);
        }, SETTLE, "re-registered in a new session and settled again");
        long now = admin.checkExists().forPath(registration).getEphemeralOwner();
        for (TopicPartition tp : members.get(0).owned().keySet()) {
            assertEquals(now, admin.checkExists().forPath(KafkaZnodes.consumerOwner(GROUP, tp.topic(), tp.partition())).getEphemeralOwner(),
                    tp + " is owned in the new session");
        }
    }

    @Test
    void roundRobinCoversEveryPartitionOfEveryTopicOnce() throws Exception {
        topic("t1", 7);
        topic("t2", 5);
        Map<String, Integer> partitions = Map.of("t1", 7, "t2", 5);
        Map<String, Map<String, Integer>> subs = new TreeMap<>();
        List<ConsumerGroupMember> members = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            Map<String, Integer> sub = name.equals("a") ? Map.of("t1", 2, "t2", 2) : Map.of("t1", 1, "t2", 1);
            ConsumerGroupMember m = member(name, sub, Strategy.ROUNDROBIN);
            members.add(m);
            subs.put(m.consumerId(), sub);
        }
        Await.until(() -> settled(members, subs, partitions, Strategy.ROUNDROBIN), SETTLE, "round robin settled");
        Map<String, Integer> perThread = new TreeMap<>();
        members.forEach(m -> m.owned().values().forEach(thread -> perThread.merge(thread, 1, Integer::sum)));
        assertEquals(4, perThread.size(), "every thread got partitions: " + perThread);
        assertTrue(perThread.values().stream().allMatch(n -> n == 3), "12 partitions over 4 threads: " + perThread);
    }

    @Test
    void aPartitionStillOwnedElsewhereIsRetriedUntilReleased() throws Exception {
        ListAppender<ILoggingEvent> log = captureLog();
        topic("t", 2);
        // someone (a member that has not released yet) holds partition 1 in another session
        admin.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL)
                .forPath(KafkaZnodes.consumerOwner(GROUP, "t", 1), ConsumerPayloads.owner("g_slow-0"));
        ConsumerGroupMember m = member("a", Map.of("t", 1), Strategy.RANGE);
        // several attempts, each backing off: the member keeps retrying, and holds nothing meanwhile
        Await.until(() -> logged(log, "attempt 3 of 4 failed"),
                SETTLE, "three failed attempts");
        assertEquals(Map.of(), m.owned());
        assertNull(stat(KafkaZnodes.consumerOwner(GROUP, "t", 0)), "what it claimed is released while it waits");
        admin.delete().forPath(KafkaZnodes.consumerOwner(GROUP, "t", 1));
        Await.until(() -> m.owned().size() == 2, SETTLE, "both partitions claimed once released");
    }

    @Test
    void aFailedRebalanceIsRetriedEvenWhenTheGroupReturnsToItsEarlierShape() throws Exception {
        ListAppender<ILoggingEvent> log = captureLog();
        topic("t", 1);
        ConsumerGroupMember a = member("a", Map.of("t", 1), Strategy.RANGE);
        Map<String, Map<String, Integer>> subs = Map.of(a.consumerId(), Map.of("t", 1));
        Await.until(() -> settled(List.of(a), subs, Map.of("t", 1), Strategy.RANGE), SETTLE, "a owns the one partition");
        // the topic grows while its new partition is still held elsewhere: a lets go of p0 and its claim fails
        admin.create().withMode(CreateMode.EPHEMERAL).forPath(KafkaZnodes.consumerOwner(GROUP, "t", 1), ConsumerPayloads.owner("g_slow-0"));
        admin.setData().forPath(KafkaZnodes.topic("t"), KafkaPayloads.topic(new KafkaPayloads.TopicAssignment(
                Map.of(0, List.of(1), 1, List.of(1)), null)));
        Await.until(() -> logged(log, "attempt 1 of 4 failed"), SETTLE, "a's claim collided");
        // back to one partition: the group looks as it did when a last owned p0, but a owns nothing and must claim again
        admin.setData().forPath(KafkaZnodes.topic("t"), KafkaPayloads.topic(new KafkaPayloads.TopicAssignment(
                Map.of(0, List.of(1)), null)));
        Await.until(() -> settled(List.of(a), subs, Map.of("t", 1), Strategy.RANGE), SETTLE, "a owns p0 again");
    }

    @Test
    void committedOffsetsAndOwnersAreDescribed() throws Exception {
        topic("t", 4);
        Map<String, Integer> sub = Map.of("t", 1);
        List<ConsumerGroupMember> members = List.of(member("a", sub, Strategy.RANGE), member("b", sub, Strategy.RANGE));
        Await.until(() -> settled(members, subscriptions(members, sub), Map.of("t", 4), Strategy.RANGE), SETTLE, "settled");
        ConsumerGroupMember a = members.get(0);
        assertTrue(a.committedOffset("t", 0).isEmpty());
        a.commitOffset("t", 0, 42);
        a.commitOffset("t", 0, 43); // an existing offset is overwritten
        a.commitOffset("t", 3, 7);
        a.commitOffset("gone", 0, 5); // a topic nobody consumes any more still shows
        assertEquals(43, a.committedOffset("t", 0).getAsLong());
        assertEquals("43", new String(admin.getData().forPath(KafkaZnodes.consumerOffset(GROUP, "t", 0)), StandardCharsets.US_ASCII));

        ConsumerGroups.Description d = ConsumerGroups.describe(admin, GROUP);
        Map<TopicPartition, String> owners = ownersInZooKeeper(Map.of("t", 4));
        assertEquals(List.of(
                new ConsumerGroups.Row("gone", 0, 5L, null),
                new ConsumerGroups.Row("t", 0, 43L, owners.get(new TopicPartition("t", 0))),
                new ConsumerGroups.Row("t", 1, null, owners.get(new TopicPartition("t", 1))),
                new ConsumerGroups.Row("t", 2, null, owners.get(new TopicPartition("t", 2))),
                new ConsumerGroups.Row("t", 3, 7L, owners.get(new TopicPartition("t", 3)))), d.rows());
        assertTrue(d.rows().stream().skip(1).allMatch(r -> r.owner() != null), d.rows().toString());
        assertEquals(List.of(), d.problems());
        assertEquals(List.of(a.consumerId(), members.get(1).consumerId()).stream().sorted().toList(), d.members());
        assertEquals(List.of(GROUP), ConsumerGroups.list(admin));
        HakeeperException unknown = assertThrows(HakeeperException.class, () -> ConsumerGroups.describe(admin, "nope"));
        assertEquals(ExitCode.NOT_FOUND, unknown.exitCode());
    }

    @Test
    void aCorruptRegistrationIsNamedAndSkippedAndTheOthersStillBalance() throws Exception {
        ListAppender<ILoggingEvent> log = captureLog();
        topic("t", 5);
        String corrupt = KafkaZnodes.consumerRegistration(GROUP, "g_corrupt");
        admin.create().creatingParentsIfNeeded().forPath(corrupt, "not json".getBytes(StandardCharsets.UTF_8));
        Map<String, Integer> sub = Map.of("t", 1);
        List<ConsumerGroupMember> members = List.of(member("a", sub, Strategy.RANGE), member("b", sub, Strategy.RANGE));
        Await.until(() -> settled(members, subscriptions(members, sub), Map.of("t", 5), Strategy.RANGE), SETTLE,
                "the two readable members settled");
        assertTrue(logged(log, "znode " + corrupt),
                "the corrupt registration is named in the log");
        ConsumerGroups.Description d = ConsumerGroups.describe(admin, GROUP);
        assertTrue(d.problems().stream().anyMatch(p -> p.contains(corrupt)), d.problems().toString());
        assertEquals(5, d.rows().size());
    }

    static boolean logged(ListAppender<ILoggingEvent> log, String text) {
        synchronized (log) { // the appender appends under its own lock
            return log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
        }
    }

    /** The member's log lines from now until the test ends. */
    ListAppender<ILoggingEvent> captureLog() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ConsumerGroupMember.class);
        logger.addAppender(log);
        open.add(() -> logger.detachAppender(log));
        return log;
    }

    Stat stat(String path) {
        try {
            return admin.checkExists().forPath(path);
        } catch (Exception e) {
            return null;
        }
    }

    /** The client a member was started on (each member has its own; see {@link #member}). */
    CuratorFramework clientOf(ConsumerGroupMember m) {
        return clients.get(m.consumerId());
    }

    final Map<String, CuratorFramework> clients = new HashMap<>();
}
