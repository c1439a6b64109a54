package dev.bitste;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bitste.cli.Main;
import dev.bitste.kernels.KernelProvider;
import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.StringEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages form a stack (docs/design.md): each may use only the packages below it, and the library
 * (bitste-core) nothing outside the JDK. Read from the compiled classes of both modules, so every reference
 * counts: imports, fully qualified names, signatures and annotations.
 */
class PackageStackTest {
    /** Bottom to top; the rank of a package is its index. ste and nn share a level, nn using ste. */
    static final List<String> STACK = List.of("util", "bits", "kernels", "data", "ste", "nn", "peers", "experiments",
            "results", "benchrun", "cli");
    /** The packages of bitste-core, the library; they may use the JDK only. */
    static final List<String> CORE = STACK.subList(0, STACK.indexOf("nn") + 1);
    /** JDK packages the library may use (the Vector API is an incubator module of the JDK). */
    static final Pattern JDK = Pattern.compile("(java|javax|jdk/incubator/vector)/.*");
    /** A class in a descriptor or signature: {@code L<name>;} (or {@code <} for generics) after a delimiter. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("(?:^|(?<=[(\\[;<>)+*:^-]))L([\\w/$]+)(?=[;<])");

    @Test
    void everyPackageUsesOnlyThePackagesBelowIt() throws IOException, URISyntaxException {
        Map<String, List<String>> refs = new TreeMap<>();
        scan(KernelProvider.class, refs);
        scan(Main.class, refs);
        assertThat(refs.keySet()).as("classes read").anyMatch(c -> c.startsWith("dev/bitste/util/"))
                .anyMatch(c -> c.startsWith("dev/bitste/cli/"));
        List<String> violations = new ArrayList<>();
        refs.forEach((cls, used) -> {
            String pkg = bitstePackage(cls);
            int rank = STACK.indexOf(pkg);
            if (rank < 0) {
                violations.add(cls + " is in package " + pkg + ", which is not in the stack " + STACK);
                return;
            }
            for (String u : new TreeSet<>(used)) {
                String target = bitstePackage(u);
                if (target != null && STACK.indexOf(target) > rank) {
                    violations.add(cls + " (" + pkg + ") uses " + u + " (" + target + ", above it)");
                } else if (target == null && CORE.contains(pkg) && !JDK.matcher(u).matches()) {
                    violations.add(cls + " (" + pkg + ", in bitste-core) uses " + u + ", which is not in the JDK");
                }
            }
        });
        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckSeesUpwardAndForeignReferences() {
        assertThat(bitstePackage("dev/bitste/kernels/BitKernels$Inner")).isEqualTo("kernels");
        assertThat(bitstePackage("org/openjdk/jmh/Main")).isNull();
        assertThat(JDK.matcher("jdk/incubator/vector/LongVector").matches()).isTrue();
        assertThat(JDK.matcher("picocli/CommandLine").matches()).isFalse();
        List<String> found = new ArrayList<>();
        collect("(Ldev/bitste/cli/Main;Ljava/util/List<Lpicocli/CommandLine;>;)V", found);
        collect("Loss of the Last step;", found); // text, not a descriptor
        assertThat(found).containsExactly("dev/bitste/cli/Main", "java/util/List", "picocli/CommandLine");
    }

    /** {@code kernels} for {@code dev/bitste/kernels/X}, null outside dev.bitste. */
    static String bitstePackage(String internalName) {
        if (!internalName.startsWith("dev/bitste/")) {
            return null;
        }
        String rest = internalName.substring("dev/bitste/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? "" : rest.substring(0, slash);
    }

    /** Every class of the module holding {@code anchor}: what each one refers to. */
    private static void scan(Class<?> anchor, Map<String, List<String>> refs) throws IOException, URISyntaxException {
        Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(root)) {
            read(root, refs);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(root)) {
                read(jar.getPath("/"), refs);
            }
        }
    }

    private static void read(Path root, Map<String, List<String>> refs) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassModel model = ClassFile.of().parse(Files.readAllBytes(f));
                String name = model.thisClass().asInternalName();
                if (!name.startsWith("dev/bitste/")) {
                    continue;
                }
                List<String> used = refs.computeIfAbsent(name, k -> new ArrayList<>());
                Set<Utf8Entry> strings = Collections.newSetFromMap(new IdentityHashMap<>());
                for (PoolEntry e : model.constantPool()) {
                    if (e instanceof StringEntry s) {
                        strings.add(s.utf8()); // a string literal, not a type
                    }
                }
                for (PoolEntry e : model.constantPool()) {
                    if (e instanceof ClassEntry c) {
                        String n = c.asInternalName();
                        if (!n.startsWith("[")) {
                            used.add(n);
                        } else {
                            collect(n, used);
                        }
                    } else if (e instanceof Utf8Entry u && !strings.contains(u)) {
                        collect(u.stringValue(), used);
                    }
                }
            }
        }
    }

    /** The class names in a descriptor or signature ({@code Lpkg/Name;}). */
    static void collect(String descriptor, List<String> into) {
        Matcher m = TYPE_IN_DESCRIPTOR.matcher(descriptor);
        while (m.find()) {
            into.add(m.group(1));
        }
    }
}
