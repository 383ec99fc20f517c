package io.hakeeper.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one short system command (ip, iptables, kill) with a deadline, and says what failed when it does. */
final class Shell {
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private Shell() {
    }

    /** Its standard output; throws {@link LabException} with the command's error output on a non-zero exit. */
    static String run(List<String> command) {
        Path out = null;
        try {
            out = Files.createTempFile("hakeeper-lab", ".out");
            // Output to a file, not a pipe: reading a pipe has no deadline, waitFor has.
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new LabException(String.join(" ", command) + " did not finish within " + DEADLINE.toSeconds() + " s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new LabException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new LabException("cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running " + String.join(" ", command));
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans /tmp
                }
            }
        }
    }

    static boolean succeeds(List<String> command) {
        try {
            run(command);
            return true;
        } catch (LabException e) {
            return false;
        }
    }
}
