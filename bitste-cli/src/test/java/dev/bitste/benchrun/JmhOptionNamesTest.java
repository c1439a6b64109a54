package dev.bitste.benchrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JmhOptionNamesTest {
    @Test
    void jmhsOwnNamesAreRead() {
        assertThat(JmhOptionNames.names()).containsKeys("f", "wi", "gc", "prof", "jvmArgs", "p");
    }

    @Test
    void abbreviationsAndAttachedValuesAreRejected() {
        // JMH's parser reads "-garbage" as "-gc arbage" (no GC between iterations) and says nothing
        assertThatThrownBy(() -> BenchRun.parseJmh("-garbage")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'-garbage' is not a JMH option");
        assertThatThrownBy(() -> BenchRun.parseJmh("-f 1 -wi3")).hasMessageContaining("--jmh '-f 1 -wi3'");
        assertThatThrownBy(() -> BenchRun.parseJmh("-f1")).hasMessageContaining("'-f1' is not a JMH option");
        assertThatThrownBy(() -> BenchRun.parseJmh("-p n=4096 -jvm")).hasMessageContaining("-jvm");
    }

    @Test
    void spelledOutOptionsAndValuesThatLookLikeOptionsPass() {
        assertThat(BenchRun.parseJmh("-f 1 -wi 3 -gc true -prof gc").getForkCount().get()).isEqualTo(1);
        assertThat(BenchRun.parseJmh("-jvmArgs -Xmx1g -p n=-1").getJvmArgs().get()).containsExactly("-Xmx1g");
        assertThat(BenchRun.parseJmh("").getForkCount().hasValue()).isFalse();
    }
}
