package dev.bitste.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    private final Clock fixed = Clock.fixed(Instant.parse("2026-11-22T13:50:12Z"), ZoneOffset.UTC);

    @Test
    void namesByUtcTimeAndNeverCollides(@TempDir Path parent) {
        RunDirectory a = RunDirectory.start(parent, fixed);
        RunDirectory b = RunDirectory.start(parent, fixed);
        assertThat(a.path().getFileName()).hasToString("20261122T135012Z.partial");
        assertThat(b.path().getFileName()).hasToString("20261122T135012Z-2.partial");
        assertThat(a.complete().getFileName()).hasToString("20261122T135012Z");
        RunDirectory c = RunDirectory.start(parent, fixed);
        assertThat(c.finalPath().getFileName()).hasToString("20261122T135012Z-3");
    }

    @Test
    void partialUntilCompletedAndFilesAreNeverOverwritten(@TempDir Path parent) throws Exception {
        RunDirectory run = RunDirectory.start(parent, fixed);
        run.write("a.json", "{}");
        assertThat(Files.exists(parent.resolve("20261122T135012Z"))).isFalse();
        assertThatThrownBy(() -> run.write("a.json", "{\"x\":1}")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("a.json");
        Path done = run.complete();
        assertThat(Files.readString(done.resolve("a.json"))).isEqualTo("{}");
        try (var files = Files.list(done)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.json");
        }
    }
}
