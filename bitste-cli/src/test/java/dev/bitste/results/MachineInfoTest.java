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
                "0.1.0", "abc123");
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
}
