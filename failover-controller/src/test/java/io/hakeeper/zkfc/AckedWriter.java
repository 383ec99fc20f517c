package io.hakeeper.zkfc;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An HDFS client that writes one small file after another to {@code hdfs://ns1} through Hadoop's failover proxy
 * provider, and remembers each file whose {@code close()} returned: acknowledged, so it must survive any failover.
 * Failed writes are counted, not retried.
 */
final class AckedWriter implements AutoCloseable {
    private final FileSystem fs;
    private final List<Integer> acked = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::run, "acked-writer");
    private volatile boolean stopped;
    private volatile int failed;

    AckedWriter(Configuration conf) throws IOException {
        Configuration c = new Configuration(conf);
        c.setBoolean("fs.hdfs.impl.disable.cache", true);
        fs = FileSystem.get(URI.create("hdfs://" + HaMiniCluster.NS), c);
    }

    AckedWriter start() {
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    int acked() {
        return acked.size();
    }

    private static Path file(int i) {
        return new Path("/acked/f" + i);
    }

    private static byte[] content(int i) {
        return ("file " + i + " of the acked writer\n").repeat(1 + i % 50).getBytes(StandardCharsets.UTF_8);
    }

    private void run() {
        for (int i = 0; !stopped; i++) {
            try (FSDataOutputStream out = fs.create(file(i), true)) {
                out.write(content(i));
            } catch (IOException e) {
                failed++;
                continue;
            }
            acked.add(i);
        }
    }

    void stop() throws InterruptedException {
        stopped = true;
        thread.join(120_000);
    }

    /** Every acknowledged file that is missing or holds other bytes, as "f<i>: why". */
    List<String> missingOrWrong() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (int i : acked) {
            byte[] want = content(i);
            byte[] got = new byte[want.length + 1];
            int n = 0;
            try (FSDataInputStream in = fs.open(file(i))) {
                for (int r; n < got.length && (r = in.read(got, n, got.length - n)) > 0; ) {
                    n += r;
                }
            } catch (IOException e) {
                wrong.add("f" + i + ": " + e);
                continue;
            }
            if (!Arrays.equals(want, Arrays.copyOf(got, n))) {
                wrong.add("f" + i + ": " + n + " bytes, not the " + want.length + " written");
            }
        }
        return wrong;
    }

    @Override
    public void close() throws Exception {
        stop();
        fs.close();
    }
}
