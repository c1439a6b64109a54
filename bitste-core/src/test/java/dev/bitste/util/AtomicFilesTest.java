package dev.bitste.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void publishingNeverReplacesAFileThatAppearedMeanwhile() throws IOException {
        // what a rename-based writer gets wrong: the target is created after its existence check
        Path target = Files.writeString(dir.resolve("result.json"), "theirs");
        Path tmp = Files.writeString(dir.resolve(".result.json.tmp"), "mine");
        assertThatThrownBy(() -> AtomicFiles.publish(tmp, target)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(target)).isEqualTo("theirs");
    }

    @Test
    void concurrentWritersOfOneNameLeaveExactlyOneWinnerIntact() throws Exception {
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 40; round++) {
                Path target = dir.resolve("r" + round + ".txt");
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger wins = new AtomicInteger();
                List<Future<String>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String text = "writer " + w + " " + "x".repeat(1000 * w);
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            AtomicFiles.writeNew(target, text);
                            wins.incrementAndGet();
                            return text;
                        } catch (UncheckedIOException e) {
                            assertThat(e).hasMessageContaining("already exists");
                            return null;
                        }
                    }));
                }
                start.countDown();
                List<String> won = new ArrayList<>();
                for (Future<String> f : results) {
                    if (f.get() != null) {
                        won.add(f.get());
                    }
                }
                assertThat(wins.get()).as("round %d", round).isEqualTo(1);
                assertThat(Files.readString(target)).isEqualTo(won.get(0));
            }
        } finally {
            pool.shutdownNow();
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.filter(p -> p.getFileName().toString().endsWith(".tmp"))).as("temporary files").isEmpty();
        }
    }

    @Test
    void writtenFilesGetTheModeOfAnyOtherFileWritten() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = dir.resolve("plain.log");
        try (OutputStream out = Files.newOutputStream(plain)) {
            out.write('x');
        }
        Path atomic = AtomicFiles.writeNew(dir.resolve("atomic.json"), "{}".getBytes(StandardCharsets.UTF_8));
        // a temporary file of createTempFile is 0600; the log next to it had 0644
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void destinationsAreCheckedBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThatThrownBy(() -> AtomicFiles.checkCanCreateFile("--out", file.resolve("sub.bsm")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--out")
                .hasMessageContaining(file + " is a file, not a directory");
        assertThatThrownBy(() -> AtomicFiles.checkCanCreateUnder("--results-dir", file.resolve("x/y")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--results-dir");
        assertThatThrownBy(() -> AtomicFiles.checkCanCreateFile("--out", file))
                .hasMessageContaining("already exists (never overwritten)");

        Path fresh = dir.resolve("new/deeper/model.bsm");
        AtomicFiles.checkCanCreateFile("--out", fresh);
        assertThat(Files.exists(dir.resolve("new"))).as("a check creates nothing").isFalse();
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("a-file");
        }
    }

    @Test
    void aReadOnlyFileSystemIsRefused() {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isDirectory(proc.resolve("self")), "needs Linux /proc (read-only even for root)");
        assertThatThrownBy(() -> AtomicFiles.checkCanCreateUnder("--results-dir", proc.resolve("bitste/results")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--results-dir /proc/bitste/results")
                .hasMessageContaining("cannot create a file in /proc");
    }
}
