package io.hakeeper.chaos;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An earlier campaign's ledger and ZooKeeper data must never be read as a new campaign's evidence. */
class CampaignFolderTest {
    @TempDir
    Path dir;

    @Test
    void anEarlierCampaignsFolderIsEmptied() throws Exception {
        Files.writeString(dir.resolve("schedule.txt"), "# hakeeper chaos schedule");
        Files.createDirectories(dir.resolve("zkfc"));
        Files.writeString(dir.resolve("zkfc").resolve("ledger"), "1 ACQUIRE nn1 5 -\n");
        Campaign.freshFolder(dir);
        try (var list = Files.list(dir)) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void aFolderHoldingSomethingElseIsRefusedAndKept() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        LabException e = assertThrows(LabException.class, () -> Campaign.freshFolder(dir));
        assertTrue(e.getMessage().contains("give another --dir"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    @Test
    void aMissingOrEmptyFolderIsFine() {
        Campaign.freshFolder(dir.resolve("new"));
        Campaign.freshFolder(dir);
        assertTrue(Files.isDirectory(dir));
    }
}
