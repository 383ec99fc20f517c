package io.hakeeper.quorum.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.audit.AuditEvent;
import org.apache.zookeeper.audit.AuditLogger;

/**
 * ZooKeeper's audit log ({@code audit.impl.class}) written in batches: request threads only queue a line; one
 * writer thread takes whatever is queued and writes it with one write and one flush. Idle, a line reaches the file at
 * once; busy, one system call carries many lines (gathered for at most {@link #LINGER_MS} ms). Lossless while the JVM lives: the queue blocks callers when full
 * rather than dropping, and a shutdown hook drains it. (A kill -9 loses what is queued: at most a few milliseconds.)
 *
 * <p>Why not ZooKeeper's Slf4jAuditLogger through logback: one flushed write per audited request cost about 15% of
 * write throughput on a 2-core machine ({@code hakeeper bench quorum}); this one costs a fraction of that.
 *
 * <p>Lines look like the slf4j logger's under our pattern: {@code 2026-01-01 12:00:00,000 INFO session=0x... ...}
 * (ERROR for failures). The file is {@code zookeeper_audit.log} in {@code -Dhakeeper.log.dir} (default {@code logs}),
 * rotated at 64 MiB, keeping ten.
 */
public final class BatchingAuditLogger implements AuditLogger {
    public static final String FILE_NAME = "zookeeper_audit.log";
    static final long ROTATE_BYTES = 64L << 20;
    static final int KEEP = 10;
    /**
     * After a batch the writer waits this long so the next one can gather: a writer blocked in take() would need a
     * wake-up (a futex call) for every audited request, which on a busy machine costs more than the write itself.
     */
    static final long LINGER_MS = 2;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** Formatted by the writer, not by the request thread: ZooKeeper calls us on its serial final processor. */
    private record Line(long millis, AuditEvent event) {
    }

    private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(65_536);
    private final long rotateBytes;
    /** The formatted "yyyy-MM-dd HH:mm:ss," of {@link #prefixSecond}: formatting a date per line was most of the writer's work. */
    private String secondPrefix = "";
    private long prefixSecond = Long.MIN_VALUE;
    private Path file;
    private OutputStream out;
    private long written;
    private Thread writer;

    /** The constructor ZooKeeper calls (audit.impl.class). */
    public BatchingAuditLogger() {
        this(ROTATE_BYTES);
    }

    BatchingAuditLogger(long rotateBytes) {
        this.rotateBytes = rotateBytes;
    }

    @Override
    public void initialize() {
        Path dir = Path.of(System.getProperty("hakeeper.log.dir", "logs"));
        file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log " + file + ": give the server a writable log dir", e);
        }
        writer = new Thread(this::writeLoop, "audit-writer");
        writer.setDaemon(true);
        writer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::drainOnExit, "audit-drain"));
    }

    @Override
    public void logAuditEvent(AuditEvent event) {
        try {
            queue.put(new Line(System.currentTimeMillis(), event));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeLoop() {
        List<Line> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, 8192);
            write(batch);
            batch.clear();
            try {
                Thread.sleep(LINGER_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void write(List<Line> batch) {
        StringBuilder sb = new StringBuilder(batch.size() * 160);
        for (Line l : batch) {
            appendTime(sb, l.millis());
            sb.append(l.event().getResult() == AuditEvent.Result.FAILURE ? " ERROR " : " INFO ")
                    .append(l.event()).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            out.write(bytes);
            out.flush();
            written += bytes.length;
            if (written >= rotateBytes) {
                rotate();
            }
        } catch (IOException e) {
            // the audit trail must not go silent unnoticed, nor take the server down with it
            System.err.println("error: cannot write the audit log " + file + ": " + e.getMessage());
        }
    }

    private void appendTime(StringBuilder sb, long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != prefixSecond) {
            prefixSecond = second;
            secondPrefix = TIME.format(Instant.ofEpochSecond(second));
        }
        int ms = (int) Math.floorMod(millis, 1000);
        sb.append(secondPrefix).append(',').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
                .append((char) ('0' + ms % 10));
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        written = Files.size(file);
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = KEEP - 1; i >= 1; i--) {
            Path from = file.resolveSibling(FILE_NAME + "." + i);
            if (Files.exists(from)) {
                Files.move(from, file.resolveSibling(FILE_NAME + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, file.resolveSibling(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private void drainOnExit() {
        writer.interrupt();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Line> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }
}
