package dev.bitste.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CPeerBuildTest {
    @Test
    void withoutACompilerTheStatusSaysWhyAndThereIsNoLibrary(@TempDir Path cache) throws Exception {
        CPeerBuild.Status s = new CPeerBuild(List.of("no-such-cc-1", "/nonexistent/cc"), cache).status();
        assertThat(s.available()).isFalse();
        assertThat(s.info().skipped()).isEqualTo("no C compiler found (tried no-such-cc-1, /nonexistent/cc)");
        assertThat(s.info().describe()).startsWith("skipped: no C compiler found");
        try (var files = Files.list(cache)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aCompilerThatFailsIsASkipNotAnError(@TempDir Path cache) {
        assumeTrue(Files.isExecutable(Path.of("/bin/false")));
        CPeerBuild.Status s = new CPeerBuild(List.of("/bin/false"), cache).status();
        assertThat(s.available()).isFalse();
        assertThat(s.info().skipped()).isEqualTo("no C compiler found (tried /bin/false)");
    }

    @Test
    void compilesOnceIntoTheCacheAndReusesTheBuild(@TempDir Path cache) throws Exception {
        CPeerBuild build = new CPeerBuild(CPeerBuild.defaultCompilers(), cache);
        CPeerBuild.Status first = build.status();
        assumeTrue(first.available(), () -> "no C compiler here: " + first.info().skipped());
        Path lib = first.library().orElseThrow();
        assertThat(lib).startsWith(cache).isRegularFile();
        assertThat(first.info().compilerVersion()).isNotBlank();
        assertThat(first.info().flags()).contains("-O3", "-march=native");
        assertThat(first.info().isa()).isIn("avx512-vpopcntdq", "portable");
        var built = Files.getLastModifiedTime(lib);
        CPeerBuild.Status again = build.status();
        assertThat(again.library()).contains(lib);
        assertThat(Files.getLastModifiedTime(lib)).isEqualTo(built);
        try (var files = Files.list(lib.getParent())) { // no temporary file left behind
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }
}
