package dev.bitste.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {
    private static Map<String, byte[]> files(String... names) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String n : names) {
            files.put(n, n.getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    @Test
    void aNewDirectoryAppearsWholeAndNothingElseIsLeftBeside(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("report");
        OutputDirectory.write("--out", out, files("report.md", "a.png", "b.png"));
        assertThat(out.resolve("a.png")).hasContent("a.png");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("report");
        }
    }

    @Test
    void oneTakenNameRefusesTheWholeSetAndARetryElsewhereWorks(@TempDir Path tmp) throws IOException {
        Path out = Files.createDirectories(tmp.resolve("report"));
        Files.writeString(out.resolve("b.png"), "someone else's");
        assertThatThrownBy(() -> OutputDirectory.write("--out", out, files("report.md", "a.png", "b.png")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--out").hasMessageContaining("b.png");
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("b.png"); // nothing half-written
        }
        assertThat(out.resolve("b.png")).hasContent("someone else's");
        OutputDirectory.write("--out", tmp.resolve("again"), files("report.md", "a.png", "b.png"));
        assertThat(tmp.resolve("again/b.png")).hasContent("b.png");
    }

    @Test
    void aFileInThePlaceOfTheDirectoryIsRefused(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("report"), "x");
        assertThatThrownBy(() -> OutputDirectory.write("--out", file, files("report.md")))
                .hasMessageContaining("is a file");
    }

    @Test
    void renameNeverReplacesAnEmptyDirectoryCreatedAtTheTarget(@TempDir Path tmp) throws IOException {
        // rename(2) and Files.move replace an empty directory at the target; the completion of a run must not
        Path from = Files.createDirectories(tmp.resolve("run.partial"));
        Files.writeString(from.resolve("jmh.json"), "[]");
        Path to = Files.createDirectories(tmp.resolve("run"));
        assertThatThrownBy(() -> NoReplaceRename.rename(from, to)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(from.resolve("jmh.json")).exists();
        Files.delete(to);
        NoReplaceRename.rename(from, to);
        assertThat(to.resolve("jmh.json")).exists();
        assertThat(from).doesNotExist();
    }

    @Test
    void theRenameIsTheKernelsOnLinux() {
        if (System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            assertThat(NoReplaceRename.isNative()).as("renameat2 found through FFM").isTrue();
        }
    }
}
