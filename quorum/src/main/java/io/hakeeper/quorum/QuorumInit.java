package io.hakeeper.quorum;

import io.hakeeper.core.error.ExitCode;
import io.hakeeper.core.error.HakeeperException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code hakeeper quorum init}: writes one member's zoo.cfg and myid, validated, and never over someone else's data:
 * an existing config is kept unless forced, and a data directory that already belongs to another server id is
 * refused outright.
 */
public final class QuorumInit {
    private QuorumInit() {
    }

    /** Writes the files and returns the validator's warnings (errors are thrown as one {@link HakeeperException}). */
    public static List<Problem> write(MemberSpec spec, Path configFile, boolean force) {
        if (spec.servers().stream().noneMatch(s -> s.id() == spec.id())) {
            throw HakeeperException.config("--id " + spec.id() + " is not among the " + spec.servers().size()
                    + " servers given: ids are 1.." + spec.servers().size() + " in --servers order");
        }
        if (Files.exists(configFile) && !force) {
            throw new HakeeperException(ExitCode.CONFLICT, configFile + " already exists: keep it, or pass --force to"
                    + " overwrite it");
        }
        Path myid = spec.dataDir().resolve("myid");
        if (Files.isRegularFile(myid)) {
            String existing = readQuietly(myid);
            if (!existing.equals(Integer.toString(spec.id()))) {
                throw new HakeeperException(ExitCode.CONFLICT, spec.dataDir() + " already belongs to server " + existing
                        + " (its myid): use that id, or an empty --data-dir for server " + spec.id());
            }
        }
        ZooCfg cfg = spec.toZooCfg();
        List<Problem> problems = new ArrayList<>(new ConfigValidator(false, false).validate(cfg, spec.id()));
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        if (!errors.isEmpty()) {
            throw HakeeperException.config(errors.get(0).message());
        }
        try {
            Files.createDirectories(spec.dataDir());
            if (!spec.standalone()) {
                Files.writeString(myid, spec.id() + "\n", StandardCharsets.UTF_8);
            }
            cfg.write(configFile, "written by `hakeeper quorum init`; check with `hakeeper quorum start --check`");
        } catch (IOException e) {
            throw HakeeperException.config("cannot write " + e.getMessage() + ": check the permissions of "
                    + configFile.toAbsolutePath().getParent() + " and " + spec.dataDir());
        }
        return problems;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
