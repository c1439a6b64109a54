package dev.bitste.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineInfoTest {
    static MachineInfo sample(String cpu, List<String> flags) {
        return new MachineInfo(MachineInfo.idFor(cpu, 2, "amd64", flags), cpu, flags, 2, 8L << 30, "Linux 6.1",
                "amd64", "Eclipse Adoptium", "25.0.1+8-LTS", "OpenJDK 64-Bit Server VM", "3", "64", 512,
                "0.1.0", "abc123", new CpuDetails("AuthenticAMD", 26, 2, 1, List.of("L1d 48 KiB", "L2 1 MiB"),
                        "sysfs", "off", null), null, null);
    }

    @Test
    void fingerprintIsStableAcrossCallsOnThisMachine() {
        MachineInfo a = MachineProbe.detect();
        MachineInfo b = MachineProbe.detect();
        assertThat(a.id()).isEqualTo(b.id()).matches("[a-z0-9-]+-\\d+c-[a-z0-9_]+-[0-9a-f]{6}");
        assertThat(a.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(a.jdkVersion()).isEqualTo(Runtime.version().toString());
        assertThat(a.maxVectorSize()).isNotNull(); // every HotSpot has MaxVectorSize
    }

    @Test
    void idIsASlugOfModelCoresAndArchPlusAHashThatSeesTheFlags() {
        String id = MachineInfo.idFor("AMD EPYC 9R14 96-Core Processor", 2, "amd64", List.of("avx2", "avx512f"));
        assertThat(id).startsWith("amd-epyc-9r14-96-core-2c-amd64-").hasSize("amd-epyc-9r14-96-core-2c-amd64-".length() + 6);
        assertThat(MachineInfo.idFor("AMD EPYC 9R14 96-Core Processor", 2, "amd64", List.of("avx2", "avx512f")))
                .isEqualTo(id);
        assertThat(MachineInfo.idFor("AMD EPYC 9R14 96-Core Processor", 2, "amd64", List.of("avx2")))
                .isNotEqualTo(id).startsWith("amd-epyc-9r14-96-core-2c-amd64-");
        assertThat(MachineInfo.idFor("AMD EPYC 9R14 96-Core Processor", 4, "amd64", List.of("avx2", "avx512f")))
                .startsWith("amd-epyc-9r14-96-core-4c-");
        assertThat(MachineInfo.idFor("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", 8, "amd64", List.of()))
                .startsWith("intel-xeon-platinum-8375c-2-90ghz-8c-amd64-");
    }

    @Test
    void cpuinfoParsingFindsModelAndSimdFlags() {
        List<String> x86 = List.of("processor\t: 0", "model name\t: AMD EPYC 9R14 96-Core Processor",
                "flags\t\t: fpu sse4_2 popcnt avx avx2 avx512f avx512_vpopcntdq avx512bw ht");
        assertThat(MachineProbe.cpuModel(x86)).isEqualTo("AMD EPYC 9R14 96-Core Processor");
        assertThat(MachineProbe.simdFlags(x86))
                .containsExactly("avx", "avx2", "avx512_vpopcntdq", "avx512bw", "avx512f", "popcnt", "sse4_2");
        List<String> arm = List.of("processor\t: 0", "Features\t: fp asimd evtstrm aes sve", "CPU part\t: 0xd0c");
        assertThat(MachineProbe.simdFlags(arm)).containsExactly("asimd", "neon", "sve");
        assertThat(MachineProbe.cpuModel(arm)).isEqualTo("0xd0c");
    }

    @Test
    void roundTripsThroughJsonAndIsFoundBesideResults(@TempDir Path dir) throws Exception {
        MachineInfo m = sample("AMD EPYC 9R14", List.of("avx512f"));
        Files.writeString(dir.resolve("machine.json"), m.toJson());
        Files.writeString(dir.resolve("jmh.json"), "[]");
        assertThat(MachineInfo.besides(dir)).contains(m);
        assertThat(MachineInfo.besides(dir.resolve("jmh.json")).map(MachineInfo::id)).contains(m.id());
        Path baselines = Files.createDirectories(dir.resolve("baselines"));
        Files.writeString(baselines.resolve(m.id() + ".json"), "[]");
        assertThat(MachineInfo.besides(baselines.resolve(m.id() + ".json"))).isEmpty();
        Files.writeString(baselines.resolve(m.id() + ".machine.json"), m.toJson());
        assertThat(MachineInfo.besides(baselines.resolve(m.id() + ".json")).map(MachineInfo::cpuModel))
                .contains("AMD EPYC 9R14");
    }

    @Test
    void cpuDetailsComeFromCpuinfoAndSysfs(@TempDir Path sys) throws Exception {
        List<String> cpuinfo = List.of("vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2",
                "model name\t: AMD EPYC", "stepping\t: 1", "cache size\t: 1024 KB", "siblings\t: 4", "cpu cores\t: 2");
        for (String[] c : new String[][] {{"index0", "1", "Data", "48K"}, {"index1", "1", "Instruction", "32K"},
                {"index2", "2", "Unified", "1024K"}, {"index3", "3", "Unified", "32768K"}}) {
            Path d = Files.createDirectories(sys.resolve("cpu0/cache").resolve(c[0]));
            Files.writeString(d.resolve("level"), c[1] + "\n");
            Files.writeString(d.resolve("type"), c[2] + "\n");
            Files.writeString(d.resolve("size"), c[3] + "\n");
        }
        Files.createDirectories(sys.resolve("cpu0/cpufreq"));
        Files.writeString(sys.resolve("cpu0/cpufreq/scaling_governor"), "performance\n");
        Files.createDirectories(sys.resolve("smt"));
        Files.writeString(sys.resolve("smt/control"), "notsupported\n");
        CpuDetails d = MachineProbe.cpuDetails(cpuinfo, sys, () -> List.of("LEVEL1_DCACHE_SIZE 1"));
        assertThat(d).isEqualTo(new CpuDetails("AuthenticAMD", 26, 2, 1,
                List.of("L1d 48 KiB", "L1i 32 KiB", "L2 1 MiB", "L3 32 MiB"), "sysfs", "not supported", "performance"));
        assertThat(d.familyModelStepping()).isEqualTo("family 26, model 2, stepping 1");
    }

    @Test
    void withoutSysfsCachesComeFromGetconfThenCpuinfoAndSmtFromSiblings(@TempDir Path sys) {
        List<String> cpuinfo = List.of("vendor_id\t: GenuineIntel", "cpu family\t: 6", "model\t\t: 143",
                "stepping\t: 8", "cache size\t: 107520 KB", "siblings\t: 4", "cpu cores\t: 2");
        List<String> getconf = List.of("LEVEL1_ICACHE_SIZE                 32768", "LEVEL1_DCACHE_SIZE                 49152",
                "LEVEL1_DCACHE_LINESIZE             64", "LEVEL2_CACHE_SIZE                  2097152",
                "LEVEL3_CACHE_SIZE                  110100480", "LEVEL4_CACHE_SIZE                  ");
        CpuDetails d = MachineProbe.cpuDetails(cpuinfo, sys, () -> getconf);
        assertThat(d.caches()).containsExactly("L1d 48 KiB", "L1i 32 KiB", "L2 2 MiB", "L3 105 MiB");
        assertThat(d.cacheSource()).isEqualTo("getconf");
        assertThat(d.smt()).isEqualTo("on");
        assertThat(d.governor()).isNull();
        CpuDetails fromCpuinfo = MachineProbe.cpuDetails(cpuinfo, sys, List::of);
        assertThat(fromCpuinfo.caches()).containsExactly("107520 KiB (cpuinfo cache size)");
        assertThat(fromCpuinfo.cacheSource()).isEqualTo("cpuinfo");
        CpuDetails arm = MachineProbe.cpuDetails(List.of("CPU implementer\t: 0x41", "CPU architecture: 8",
                "CPU variant\t: 0x1", "CPU part\t: 0xd0c", "CPU revision\t: 1"), sys, List::of);
        assertThat(arm).isEqualTo(new CpuDetails("ARM implementer 0x41", 8, 0xd0c, 1, List.of(), null, null, null));
        assertThat(MachineProbe.cpuDetails(List.of(), sys, List::of).familyModelStepping()).isEqualTo("unknown");
    }

    @Test
    void peersRoundTripThroughMachineJson(@TempDir Path dir) throws Exception {
        dev.bitste.peers.CPeerBuild.Info c = new dev.bitste.peers.CPeerBuild.Info("cc", "cc (Debian 12.2.0) 12.2.0",
                dev.bitste.peers.CPeerBuild.FLAGS, "avx512-vpopcntdq", null);
        dev.bitste.peers.OpenBlas.Info blas = new dev.bitste.peers.OpenBlas.Info("0.3.31", "Zen", "OpenBLAS 0.3.31",
                "OPENBLAS_CORETYPE not set", 1, null);
        MachineInfo m = sample("AMD EPYC", List.of("avx512f")).withPeers(c, blas);
        Path f = Files.writeString(dir.resolve(MachineInfo.FILE_NAME), m.toJson());
        assertThat(MachineInfo.read(f)).isEqualTo(m);
        assertThat(MachineInfo.read(f).cPeer()).isEqualTo(c);
        assertThat(MachineInfo.read(f).openblas().describe()).isEqualTo(
                "OpenBLAS 0.3.31, core Zen (OPENBLAS_CORETYPE not set), 1 thread");
        // a machine.json of an older run, without the new fields, still reads
        Path old = Files.writeString(dir.resolve("old.json"), "{\"id\":\"x\",\"cpuModel\":\"AMD EPYC\",\"cores\":2}");
        assertThat(MachineInfo.read(old).cpuDetails()).isNull();
    }
}
