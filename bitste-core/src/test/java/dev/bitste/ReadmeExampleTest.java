package dev.bitste;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.kernels.KernelProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use as a library" example, exactly as printed there: compiled against this module's classes
 * and run in a child JVM with and without the Vector API module; it must print what the README says it prints.
 */
class ReadmeExampleTest {
    static final Path README = Path.of("..", "README.md");
    static final String SECTION = "## Use as a library";

    @TempDir
    Path dir;

    /** The first fenced block of {@code language} after the section heading. */
    static String block(String readme, String language) {
        int section = readme.indexOf(SECTION);
        assertThat(section).as("README section '%s'", SECTION).isNotNegative();
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find(section)).as("a ```%s block in '%s'", language, SECTION).isTrue();
        return m.group(1);
    }

    /** Runs {@code Example} in a new JVM; returns its stdout and stderr. */
    static String[] run(Path classes, Path library, boolean vectorModule) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (vectorModule) {
            cmd.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        cmd.addAll(List.of("-cp", classes + File.pathSeparator + library, "Example"));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the example ends").isTrue();
        assertThat(p.exitValue()).as("exit code; stderr: %s", err.join()).isZero();
        return new String[] {out, err.join()};
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theExampleCompilesAndPrintsWhatTheReadmeSays() throws Exception {
        String readme = Files.readString(README);
        String source = block(readme, "java");
        List<String> printed = block(readme, "text").lines().toList();
        assertThat(source.lines().count()).as("a short example").isLessThanOrEqualTo(20);

        Path src = Files.writeString(dir.resolve("Example.java"), source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path library = Path.of(KernelProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-cp", library.toString(),
                src.toString());
        assertThat(compiled).as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        String[] vector = run(classes, library, true);
        List<String> lines = vector[0].lines().toList();
        assertThat(lines).hasSameSizeAs(printed);
        assertThat(lines.subList(0, lines.size() - 1)).isEqualTo(printed.subList(0, printed.size() - 1));
        assertThat(lines.getLast()).matches("kernels: vector-(128|256|512)");
        assertThat(vector[1]).doesNotContain("using the scalar kernels");

        String[] scalar = run(classes, library, false);
        List<String> sameButScalar = new ArrayList<>(lines.subList(0, lines.size() - 1));
        sameButScalar.add("kernels: scalar");
        assertThat(scalar[0].lines().toList()).isEqualTo(sameButScalar);
        assertThat(scalar[1].split("using the scalar kernels", -1)).as("one notice").hasSize(2);
        assertThat(scalar[1]).contains("--add-modules jdk.incubator.vector");
    }
}
