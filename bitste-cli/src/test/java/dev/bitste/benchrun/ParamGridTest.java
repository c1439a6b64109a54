package dev.bitste.benchrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.CommandLineOptions;

class ParamGridTest {
    @QuickParams({"n=1000, 16384", "m=256"})
    static final class Annotated {
    }

    @QuickParams({"k=3"})
    static final class Typo {
    }

    @QuickParams({"n"})
    static final class Malformed {
    }

    static final class Plain {
    }

    private static Map<String, String[]> declared() {
        Map<String, String[]> d = new TreeMap<>();
        d.put("n", new String[] {"64", "1000", "16384", "65536"});
        d.put("m", new String[] {"16", "256"});
        d.put("vectorBits", new String[] {"preferred", "256", "128"});
        return d;
    }

    @Test
    void annotatedClassesRunTheListedValuesAndKeepTheRest() {
        Map<String, String[]> o = ParamGrid.quick(Annotated.class.getName(), declared());
        assertThat(o).containsOnlyKeys("n", "m");
        assertThat(o.get("n")).containsExactly("1000", "16384");
        assertThat(o.get("m")).containsExactly("256");
    }

    @Test
    void classesWithoutTheAnnotationRunTheFirstValueOfEachParameter() {
        Map<String, String[]> o = ParamGrid.quick(Plain.class.getName(), declared());
        assertThat(o.get("n")).containsExactly("64");
        assertThat(o.get("m")).containsExactly("16");
        assertThat(o.get("vectorBits")).containsExactly("preferred");
    }

    @Test
    void unknownOrMalformedEntriesAreRejectedNamingTheClass() {
        assertThatThrownBy(() -> ParamGrid.quick(Typo.class.getName(), declared()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Typo").hasMessageContaining("'k'");
        assertThatThrownBy(() -> ParamGrid.quick(Malformed.class.getName(), declared()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name=v1,v2");
    }

    @Test
    void expertJmhOptionsAreParsedAndThoseBitsteOwnsAreRefused() throws Exception {
        CommandLineOptions o = BenchRun.parseJmh("-prof gc -p n=4096 -wi 5");
        assertThat(o.getWarmupIterations().get()).isEqualTo(5);
        assertThat(o.getParameter("n").get()).containsExactly("4096");
        assertThat(o.getProfilers()).hasSize(1);
        assertThat(BenchRun.parseJmh("").getForkCount().hasValue()).isFalse();
        assertThatThrownBy(() -> BenchRun.parseJmh("XnorDot")).hasMessageContaining("--include");
        assertThatThrownBy(() -> BenchRun.parseJmh("-rf csv")).hasMessageContaining("-rf");
        assertThatThrownBy(() -> BenchRun.parseJmh("-wi many")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--jmh");
    }
}
