package dev.bitste.peers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Builds the native C peer ({@code peer_c} benchmarks, {@link CPeer}) on the machine that runs the benchmarks:
 * the C source shipped in the jar ({@code bitste_peer.c} beside this class) is compiled with the machine's C
 * compiler once, into a cache directory beside the jar ({@code target/native/<key>/}), keyed by a hash of the
 * source, the compiler's version, the flags and the macros those flags define on this CPU (so
 * {@code -march=native} on another CPU, a new compiler or an edited source each get their own build). Every JMH
 * fork then finds the library in the cache. Compiled here rather than at build time so that the library is made
 * for the CPU that runs it, and a machine without a compiler still builds bitste.
 *
 * <p>Never throws: without a C compiler (or when compiling fails) {@link #build()} returns a status saying why
 * there is no library; {@code bitste bench} then leaves the {@code peer_c} benchmarks out and records the reason
 * in {@code machine.json} and the report.
 */
public final class CPeerBuild {
    /** Where the source is on the class path (packed into the benchmarks jar). */
    public static final String SOURCE = "/dev/bitste/peers/bitste_peer.c";
    /** The flags the issue asks for: the compiler's best code for this very CPU. */
    public static final List<String> FLAGS = List.of("-O3", "-march=native", "-shared", "-fPIC");
    /** System property naming another cache directory. */
    public static final String CACHE_PROPERTY = "bitste.nativeCache";
    private static final String LIBRARY = System.mapLibraryName("bitste_peer");
    private static final long TIMEOUT_SECONDS = 120;

    /**
     * What was built, for {@code machine.json}: the compiler command and the first line of its
     * {@code --version}, the flags, the code path the source took ({@code avx512-vpopcntdq} or
     * {@code portable}); or, when there is no library, why ({@code skipped}; the other fields as far as known).
     */
    public record Info(String compiler, String compilerVersion, List<String> flags, String isa, String skipped) {
        /** One line for the console and the report. */
        public String describe() {
            return skipped == null ? compiler + " (" + compilerVersion + ") " + String.join(" ", flags) + ", " + isa
                    : "skipped: " + skipped;
        }
    }

    /** The library (empty when there is none) and what was built. */
    public record Status(Optional<Path> library, Info info) {
        public boolean available() {
            return library.isPresent();
        }

        static Status built(Path library, String compiler, String version, String isa) {
            return new Status(Optional.of(library), new Info(compiler, version, FLAGS, isa, null));
        }

        static Status skipped(String compiler, String version, String why) {
            return new Status(Optional.empty(), new Info(compiler, version, FLAGS, null, why));
        }
    }

    private final List<String> compilers;
    private final Path cache;

    CPeerBuild(List<String> compilers, Path cache) {
        this.compilers = List.copyOf(compilers);
        this.cache = cache;
    }

    /** {@code $CC} when set (only that one: {@code CC=none} runs without the C peer), else {@code cc}, {@code gcc}, {@code clang}. */
    static List<String> defaultCompilers() {
        String env = System.getenv("CC");
        return env != null && !env.isBlank() ? List.of(env.trim()) : List.of("cc", "gcc", "clang");
    }

    /** The build for this machine, compiled on first use and cached ({@code -Dbitste.nativeCache} moves the cache). */
    public static Status build() {
        String dir = System.getProperty(CACHE_PROPERTY);
        return new CPeerBuild(defaultCompilers(), dir != null ? Path.of(dir) : defaultCache()).status();
    }

    /** The build, or the reason there is none; never throws. */
    Status status() {
        try {
            return find();
        } catch (RuntimeException e) {
            return Status.skipped(null, null, "unexpected failure: " + e);
        }
    }

    /** {@code native/} beside the jar (or beside the class directory) this class was loaded from. */
    static Path defaultCache() {
        try {
            Path code = Path.of(CPeerBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.toAbsolutePath().getParent().resolve("native");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of(System.getProperty("java.io.tmpdir"), "bitste-native");
        }
    }

    private Status find() {
        byte[] source;
        try (InputStream in = CPeerBuild.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                return Status.skipped(null, null, "the C source " + SOURCE + " is not on the class path");
            }
            source = in.readAllBytes();
        } catch (IOException e) {
            return Status.skipped(null, null, "cannot read " + SOURCE + ": " + e.getMessage());
        }
        List<String> tried = new ArrayList<>();
        for (String cc : compilers) {
            Run version = run(List.of(cc, "--version"), null);
            if (version.exitCode != 0) {
                tried.add(cc);
                continue;
            }
            String versionLine = version.output.lines().findFirst().orElse("").trim();
            List<String> macroCmd = new ArrayList<>(List.of(cc));
            macroCmd.addAll(FLAGS);
            macroCmd.addAll(List.of("-dM", "-E", "-x", "c", "-"));
            Run macros = run(macroCmd, "");
            if (macros.exitCode != 0) {
                return Status.skipped(cc, versionLine, cc + " rejects " + String.join(" ", FLAGS) + ": "
                        + firstLines(macros.output));
            }
            String isa = macros.output.contains("__AVX512VPOPCNTDQ__") ? "avx512-vpopcntdq" : "portable";
            String key = sha256(source, cc, version.output, String.join(" ", FLAGS), sorted(macros.output));
            return compile(source, cc, versionLine, isa, cache.resolve(key.substring(0, 16)));
        }
        return Status.skipped(null, null, "no C compiler found (tried " + String.join(", ", tried) + ")");
    }

    private Status compile(byte[] source, String cc, String version, String isa, Path dir) {
        Path lib = dir.resolve(LIBRARY);
        if (Files.isRegularFile(lib)) {
            return Status.built(lib, cc, version, isa);
        }
        try {
            Files.createDirectories(dir);
            Path src = dir.resolve("bitste_peer.c");
            if (!Files.exists(src)) { // written whole and moved, so a racing fork never compiles half a file
                Path part = Files.createTempFile(dir, ".bitste_peer", ".c.tmp");
                Files.write(part, source);
                Files.move(part, src, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            // forks may race to build: each compiles to its own file and moves it into place atomically
            Path tmp = Files.createTempFile(dir, "." + LIBRARY, ".tmp");
            try {
                List<String> cmd = new ArrayList<>(List.of(cc));
                cmd.addAll(FLAGS);
                cmd.addAll(List.of("-o", tmp.toString(), src.toString()));
                Run r = run(cmd, null);
                if (r.exitCode != 0) {
                    return Status.skipped(cc, version, "compiling failed: " + firstLines(r.output));
                }
                Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return Status.built(lib, cc, version, isa);
        } catch (IOException | UncheckedIOException e) {
            return Status.skipped(cc, version, "cannot write the build cache " + dir + ": " + e.getMessage());
        }
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a command with {@code stdin} (null: none), output and errors together; exit code -1 if it cannot start. */
    private static Run run(List<String> cmd, String stdin) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, String.join(" ", cmd) + " took over " + TIMEOUT_SECONDS + " s");
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            return new Run(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }

    private static String firstLines(String text) {
        return String.join(" | ", text.lines().limit(5).toList());
    }

    /** Macro definitions in a stable order (compilers need not print them sorted). */
    private static String sorted(String macros) {
        return String.join("\n", macros.lines().sorted().toList());
    }

    private static String sha256(byte[] source, String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(source);
            for (String p : parts) {
                md.update((byte) 0);
                md.update(p.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
