package dev.bitste.benchrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JmhWordsTest {
    @Test
    void quotesKeepAValueTogether() {
        assertThat(JmhWords.split(List.of("-jvmArgsPrepend '-Xmx2g -Xms2g' -wi 2")))
                .containsExactly("-jvmArgsPrepend", "-Xmx2g -Xms2g", "-wi", "2");
        assertThat(JmhWords.split(List.of("-p \"n=1, 2\"", "-f 1"))).containsExactly("-p", "n=1, 2", "-f", "1");
        assertThat(BenchRun.parseJmh("-jvmArgsPrepend '-Xmx2g -Xms2g'").getJvmArgsPrepend().get())
                .containsExactly("-Xmx2g", "-Xms2g"); // JMH splits the one value into JVM options
    }

    @Test
    void anUnclosedQuoteIsRefused() {
        assertThatThrownBy(() -> JmhWords.split(List.of("-jvmArgsPrepend '-Xmx2g")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-Xmx2g");
    }
}
