package dev.bitste.results;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import dev.bitste.kernels.KernelChoice;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Finds out what this JVM runs on, for {@link MachineInfo}. */
public final class MachineProbe {
    /** Flags that matter to the SIMD kernels (x86 names from /proc/cpuinfo; NEON/SVE on ARM). */
    static final Set<String> SIMD_FLAGS = Set.of("sse4_2", "popcnt", "avx", "avx2", "fma", "avx512f",
            "avx512bw", "avx512vl", "avx512dq", "avx512_vpopcntdq", "avx512_bitalg", "avx512_vnni",
            "avx512_bf16", "avx512_fp16", "neon", "asimd", "sve", "sve2");
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path SYS_CPU = Path.of("/sys/devices/system/cpu");

    private MachineProbe() {
    }

    /** This machine and JVM (no peers: the bench runner adds those it used). */
    public static MachineInfo detect() {
        List<String> cpuinfo = readCpuinfo();
        String model = cpuModel(cpuinfo);
        List<String> flags = simdFlags(cpuinfo);
        int cores = Runtime.getRuntime().availableProcessors();
        String arch = System.getProperty("os.arch");
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new MachineInfo(MachineInfo.idFor(model, cores, arch, flags), model, flags, cores, memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version"), arch,
                System.getProperty("java.vendor"), Runtime.version().toString(), System.getProperty("java.vm.name"),
                vmOption("UseAVX"), vmOption("MaxVectorSize"), KernelChoice.maxVectorBits(), version(), gitCommit(),
                cpuDetails(cpuinfo, SYS_CPU, MachineProbe::getconf), null, null);
    }

    /**
     * Vendor, family/model/stepping (x86; on ARM the architecture, part and revision), cache sizes (from
     * {@code sysCpu/cpu0/cache}, else {@code getconf}, else cpuinfo's {@code cache size}), SMT (from
     * {@code sysCpu/smt/control}, else siblings against cores) and the frequency governor of cpu0.
     */
    static CpuDetails cpuDetails(List<String> cpuinfo, Path sysCpu, Supplier<List<String>> getconf) {
        boolean arm = field(cpuinfo, "CPU implementer") != null;
        String vendor = arm ? "ARM implementer " + field(cpuinfo, "CPU implementer") : field(cpuinfo, "vendor_id");
        Integer family = integer(field(cpuinfo, arm ? "CPU architecture" : "cpu family"));
        Integer model = integer(field(cpuinfo, arm ? "CPU part" : "model"));
        Integer stepping = integer(field(cpuinfo, arm ? "CPU revision" : "stepping"));
        String source = "sysfs";
        List<String> caches = sysfsCaches(sysCpu.resolve("cpu0").resolve("cache"));
        if (caches.isEmpty()) {
            source = "getconf";
            caches = getconfCaches(getconf.get());
        }
        if (caches.isEmpty() && field(cpuinfo, "cache size") != null) {
            source = "cpuinfo";
            caches = List.of(field(cpuinfo, "cache size").replace(" KB", " KiB") + " (cpuinfo cache size)");
        }
        return new CpuDetails(vendor, family, model, stepping, caches, caches.isEmpty() ? null : source,
                smt(sysCpu, cpuinfo), readLine(sysCpu.resolve("cpu0/cpufreq/scaling_governor")));
    }

    private static Integer integer(String s) {
        try {
            return s == null ? null : Integer.decode(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code L1d 48 KiB} etc. from {@code index*} directories ({@code level}, {@code type}, {@code size}). */
    static List<String> sysfsCaches(Path cacheDir) {
        TreeSet<String> found = new TreeSet<>();
        try (var dirs = Files.list(cacheDir)) {
            for (Path d : dirs.filter(p -> p.getFileName().toString().startsWith("index")).toList()) {
                String level = readLine(d.resolve("level"));
                String type = readLine(d.resolve("type"));
                String size = readLine(d.resolve("size"));
                Long bytes = size == null ? null : sizeBytes(size);
                if (level != null && bytes != null) {
                    String kind = "Data".equals(type) ? "d" : "Instruction".equals(type) ? "i" : "";
                    found.add("L" + level + kind + " " + bytes(bytes));
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return List.copyOf(found);
    }

    /** Cache sizes from {@code getconf -a} lines such as {@code LEVEL1_DCACHE_SIZE  49152} (zero or empty: none). */
    static List<String> getconfCaches(List<String> lines) {
        List<String> found = new ArrayList<>();
        for (String[] key : new String[][] {{"LEVEL1_DCACHE_SIZE", "L1d"}, {"LEVEL1_ICACHE_SIZE", "L1i"},
                {"LEVEL2_CACHE_SIZE", "L2"}, {"LEVEL3_CACHE_SIZE", "L3"}, {"LEVEL4_CACHE_SIZE", "L4"}}) {
            for (String line : lines) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key[0])) {
                    Long b = sizeBytes(parts[1]);
                    if (b != null && b > 0) {
                        found.add(key[1] + " " + bytes(b));
                    }
                }
            }
        }
        return found;
    }

    /** {@code 48K}, {@code 1024K}, {@code 32M} or plain bytes; null if not a size. */
    private static Long sizeBytes(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long unit = t.endsWith("K") ? 1L << 10 : t.endsWith("M") ? 1L << 20 : t.endsWith("G") ? 1L << 30 : 1;
        try {
            return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String bytes(long b) {
        return b % (1L << 20) == 0 ? (b >> 20) + " MiB" : b % (1L << 10) == 0 ? (b >> 10) + " KiB" : b + " B";
    }

    /** {@code on}, {@code off}, {@code not supported}, or null when neither sysfs nor cpuinfo says. */
    static String smt(Path sysCpu, List<String> cpuinfo) {
        String control = readLine(sysCpu.resolve("smt/control"));
        if (control != null) {
            return switch (control) {
                case "on" -> "on";
                case "off", "forceoff" -> "off";
                case "notsupported", "notimplemented" -> "not supported";
                default -> control;
            };
        }
        Integer siblings = integer(field(cpuinfo, "siblings"));
        Integer cores = integer(field(cpuinfo, "cpu cores"));
        return siblings == null || cores == null ? null : siblings > cores ? "on" : "off";
    }

    /** The first line of a small file, trimmed; null if it cannot be read. */
    private static String readLine(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().findFirst()
                    .map(String::trim).orElse(null) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> getconf() {
        String out = run(null, "getconf", "-a");
        return out == null ? List.of() : out.lines().toList();
    }

    private static List<String> readCpuinfo() {
        try {
            return Files.isReadable(CPUINFO) ? Files.readAllLines(CPUINFO, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String cpuModel(List<String> cpuinfo) {
        for (String key : List.of("model name", "Hardware", "CPU part")) {
            String v = field(cpuinfo, key);
            if (v != null) {
                return v;
            }
        }
        String env = System.getenv("PROCESSOR_IDENTIFIER"); // Windows
        return env != null ? env.trim() : "unknown " + System.getProperty("os.arch") + " CPU";
    }

    static List<String> simdFlags(List<String> cpuinfo) {
        String all = field(cpuinfo, "flags");
        if (all == null) {
            all = field(cpuinfo, "Features"); // ARM: asimd is NEON
        }
        TreeSet<String> flags = new TreeSet<>();
        if (all != null) {
            Arrays.stream(all.toLowerCase(Locale.ROOT).split("\\s+")).filter(SIMD_FLAGS::contains).forEach(flags::add);
        }
        if (flags.contains("asimd")) {
            flags.add("neon");
        }
        if (all == null && System.getProperty("os.arch").equals("aarch64")) {
            flags.add("neon"); // every AArch64 CPU has it (e.g. macOS, where there is no /proc/cpuinfo)
        }
        return List.copyOf(flags);
    }

    private static String field(List<String> cpuinfo, String key) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A HotSpot flag's value, or null where the VM has no such flag (UseAVX exists only on x86). */
    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static String version() {
        String v = MachineProbe.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * The commit of the checkout bitste was built in (found from where this class was loaded, so it does
     * not depend on the working directory), with "+dirty" when tracked files changed; null if none.
     */
    static String gitCommit() {
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head == null) {
            return null;
        }
        String status = git("status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? head : head + "+dirty";
    }

    /** The directory holding this class's jar (or class folder), or the working directory if unknown. */
    private static java.io.File codeDirectory() {
        try {
            Path code = Path.of(MachineProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return (Files.isDirectory(code) ? code : code.getParent()).toFile();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static String git(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return run(codeDirectory(), cmd);
    }

    /** The trimmed standard output of a command run in {@code dir} (null: the working directory), or null if it fails. */
    private static String run(java.io.File dir, String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroy();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
