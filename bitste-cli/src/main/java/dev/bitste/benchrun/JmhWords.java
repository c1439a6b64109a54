package dev.bitste.benchrun;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.text.StringTokenizer;
import org.apache.commons.text.matcher.StringMatcherFactory;

/**
 * Splits {@code --jmh} values into JMH's words as a shell would: at spaces, with single or double quotes keeping a
 * value together ({@code -jvmArgsPrepend '-Xmx2g -Xms2g'} is two words). Each {@code --jmh} is split on its own.
 */
final class JmhWords {
    private JmhWords() {
    }

    /** The words of every {@code --jmh} value, in order. */
    static String[] split(List<String> occurrences) {
        List<String> words = new ArrayList<>();
        for (String value : occurrences) {
            if (value == null || value.isBlank()) {
                continue;
            }
            checkQuotes(value);
            StringTokenizer t = new StringTokenizer(value).setQuoteMatcher(StringMatcherFactory.INSTANCE.quoteMatcher())
                    .setIgnoreEmptyTokens(true);
            words.addAll(t.getTokenList());
        }
        return words.toArray(String[]::new);
    }

    /** The tokenizer would read an unclosed quote to the end: refuse it instead. */
    private static void checkQuotes(String value) {
        char open = 0;
        for (char c : value.toCharArray()) {
            if (open == 0 && (c == '\'' || c == '"')) {
                open = c;
            } else if (c == open) {
                open = 0;
            }
        }
        if (open != 0) {
            throw new IllegalArgumentException("--jmh '" + value + "': unclosed " + open + " quote");
        }
    }
}
