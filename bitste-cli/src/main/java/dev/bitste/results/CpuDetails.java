package dev.bitste.results;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What tells two CPUs apart beyond the model name (which can be as vague as "AMD EPYC"): vendor and the
 * family/model/stepping numbers (Zen 4 is AMD family 25, Zen 5 family 26), the cache sizes, whether SMT is on,
 * and the kernel's frequency governor. Each is null where the OS does not say.
 *
 * @param caches e.g. {@code ["L1d 48 KiB", "L1i 32 KiB", "L2 1 MiB", "L3 32 MiB"]}, per core or as the OS reports
 * @param cacheSource where the sizes came from ({@code sysfs}, {@code getconf} or {@code cpuinfo})
 * @param smt {@code on}, {@code off} or {@code not supported}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CpuDetails(String vendor, Integer family, Integer model, Integer stepping, List<String> caches,
        String cacheSource, String smt, String governor) {
    public CpuDetails {
        caches = caches == null ? List.of() : List.copyOf(caches);
    }

    /** {@code family 26, model 2, stepping 1}, or what is known of it. */
    String familyModelStepping() {
        return family == null ? "unknown" : "family " + family + ", model " + model + ", stepping " + stepping;
    }
}
