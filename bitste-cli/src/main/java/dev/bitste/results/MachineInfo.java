package dev.bitste.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.bitste.peers.CPeerBuild;
import dev.bitste.peers.OpenBlas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a benchmark run ran on ({@code machine.json}): CPU and its SIMD flags, cores, memory, OS, JDK,
 * the HotSpot vector flags in effect, the preferred species width, the bitste build, the CPU's
 * family/model/stepping, caches, SMT and frequency governor ({@link CpuDetails}), and the native peers the run
 * used: the C peer's compiler and flags (or why it was skipped) and the OpenBLAS version and core (null when
 * the run had no such benchmark). {@link #id()} names the machine in {@code results/runs/<id>/} and
 * {@code results/baselines/<id>.json}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MachineInfo(String id, String cpuModel, List<String> simdFlags, int cores, long memoryBytes,
        String os, String arch, String jdkVendor, String jdkVersion, String vmName, String useAvx,
        String maxVectorSize, int preferredVectorBits, String bitsteVersion, String gitCommit, CpuDetails cpuDetails,
        CPeerBuild.Info cPeer, OpenBlas.Info openblas) {
    /** The file a run directory keeps this in. */
    public static final String FILE_NAME = "machine.json";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A short stable slug: the CPU model, core count and architecture, plus a hash of those and the SIMD
     * flags (two machines with the same model name but different vector support get different ids).
     */
    public static String idFor(String cpuModel, int cores, String arch, List<String> simdFlags) {
        String slug = cpuModel.toLowerCase(Locale.ROOT)
                .replaceAll("\\((r|tm)\\)", "")
                .replaceAll("\\b(processor|cpu|with|radeon graphics)\\b", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        String basis = cpuModel + "|" + cores + "|" + arch + "|" + String.join(",", simdFlags);
        return (slug.isEmpty() ? "cpu" : slug) + "-" + cores + "c-" + arch.toLowerCase(Locale.ROOT) + "-"
                + sha256(basis).substring(0, 6);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This description with the native peers of the run recorded (null: the run had none of its benchmarks). */
    public MachineInfo withPeers(CPeerBuild.Info c, OpenBlas.Info blas) {
        return new MachineInfo(id, cpuModel, simdFlags, cores, memoryBytes, os, arch, jdkVendor, jdkVersion, vmName,
                useAvx, maxVectorSize, preferredVectorBits, bitsteVersion, gitCommit, cpuDetails, c, blas);
    }

    /** Indented JSON. */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the machine info", e);
        }
    }

    /** Reads a {@code machine.json}. */
    public static MachineInfo read(Path file) {
        try {
            return MAPPER.readValue(Files.readAllBytes(file), MachineInfo.class);
        } catch (IOException e) {
            throw new ResultsFormatException(file, "not a machine description: " + e.getMessage(), e);
        }
    }

    /**
     * The machine description that belongs to a JMH JSON file, if one is kept beside it: for a run
     * directory or its {@code jmh.json}, the run's {@code machine.json}; for a baseline
     * {@code <id>.json}, {@code <id>.machine.json}.
     */
    public static Optional<MachineInfo> besides(Path results) {
        return Sidecars.find(results, FILE_NAME).map(MachineInfo::read);
    }

    /** One line for headers: CPU, cores, arch, JDK. */
    public String summary() {
        return cpuModel + ", " + cores + " cores, " + arch + ", JDK " + jdkVersion + " (" + jdkVendor + ")";
    }
}
