package dev.bitste.results;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import dev.bitste.kernels.KernelChoice;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Finds out what this JVM runs on, for {@link MachineInfo}. */
public final class MachineProbe {
    /** Flags that matter to the SIMD kernels (x86 names from /proc/cpuinfo; NEON/SVE on ARM). */
    static final Set<String> SIMD_FLAGS = Set.of("sse4_2", "popcnt", "avx", "avx2", "fma", "avx512f",
            "avx512bw", "avx512vl", "avx512dq", "avx512_vpopcntdq", "avx512_bitalg", "avx512_vnni",
            "avx512_bf16", "avx512_fp16", "neon", "asimd", "sve", "sve2");
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");

    private MachineProbe() {
    }

    /** This machine and JVM. */
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
                vmOption("UseAVX"), vmOption("MaxVectorSize"), KernelChoice.maxVectorBits(), version(), gitCommit());
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
        try {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "git";
            System.arraycopy(args, 0, cmd, 1, args.length);
            Process p = new ProcessBuilder(cmd).directory(codeDirectory())
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
