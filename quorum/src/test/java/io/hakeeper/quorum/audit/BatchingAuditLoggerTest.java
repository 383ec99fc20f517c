package io.hakeeper.quorum.audit;

import static org.junit.jupiter.api.Assertions.*;

import io.hakeeper.core.util.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.zookeeper.audit.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingAuditLoggerTest {
    @TempDir
    Path dir;

    private static AuditEvent event(String session, String znode, AuditEvent.Result result) {
        return org.apache.zookeeper.audit.AuditEvents.setData(session, znode, result);
    }

    @Test
    void everyEventFromManyThreadsReachesTheFilesInOrderPerThreadAcrossRotations() throws Exception {
        System.setProperty("hakeeper.log.dir", dir.toString());
        BatchingAuditLogger logger = new BatchingAuditLogger(64 * 1024);
        logger.initialize();
        int threads = 4;
        int each = 5000;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String session = "0x" + t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    logger.logAuditEvent(event(session, "/n" + i, AuditEvent.Result.SUCCESS));
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        Await.until(() -> lines().size() == threads * each, Duration.ofSeconds(20), "every audit line");
        List<String> all = lines();
        assertEquals(threads * each, new HashSet<>(all).size(), "no line lost or duplicated");
        assertTrue(Files.exists(dir.resolve(BatchingAuditLogger.FILE_NAME + ".1")), "rotated at the size limit");
        assertTrue(all.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO session=0x\\d\toperation=setData\tznode=/n\\d+\tresult=success"),
                all.get(0));
    }

    @Test
    void failuresAreLoggedAtError() throws Exception {
        System.setProperty("hakeeper.log.dir", dir.toString());
        BatchingAuditLogger logger = new BatchingAuditLogger();
        logger.initialize();
        logger.logAuditEvent(event("0x9", "/x", AuditEvent.Result.FAILURE));
        Await.until(() -> lines().size() == 1, Duration.ofSeconds(5), "the line");
        assertTrue(lines().get(0).contains(" ERROR session=0x9"), lines().get(0));
    }

    /** Every line of the live file and its rotations (order across files does not matter here). */
    private List<String> lines() {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith(BatchingAuditLogger.FILE_NAME)).toList()) {
                out.addAll(Files.readAllLines(f));
            }
        } catch (Exception e) {
            return List.of();
        }
        return out;
    }
}
