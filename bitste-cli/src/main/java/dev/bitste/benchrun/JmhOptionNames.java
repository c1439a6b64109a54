package dev.bitste.benchrun;

import java.util.Map;
import joptsimple.OptionDescriptor;
import joptsimple.OptionParser;
import joptsimple.OptionSpec;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Holds {@code --jmh} options to JMH's own option names. JMH's parser (jopt-simple) accepts any unambiguous
 * abbreviation with its value attached, so a typo is silently read as something else: {@code -garbage} is
 * {@code -gc arbage}, which turns off garbage collection between iterations. Here every option must be one of
 * JMH's names spelled out, its value a separate word ({@code -f 1}, {@code -gc true}). The names come from JMH's
 * parser itself.
 */
final class JmhOptionNames {
    private JmhOptionNames() {
    }

    /**
     * Checks the words of {@code --jmh}; {@code args} is the option as given, for the message.
     *
     * @throws IllegalArgumentException naming the first word that is not a JMH option spelled out
     */
    static void check(String[] tokens, String args) {
        Map<String, OptionSpec<?>> known = names();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (!token.startsWith("-") || token.length() == 1) {
                continue; // a value or a benchmark pattern; JMH's parser has judged those
            }
            String name = token.substring(token.startsWith("--") ? 2 : 1);
            if (!(known.get(name) instanceof OptionDescriptor option) || name.startsWith("[")) {
                throw new IllegalArgumentException("--jmh '" + args + "': '" + token + "' is not a JMH option (JMH"
                        + " would take it as an abbreviation of one; spell options out, values as separate words:"
                        + " -f 1, -gc true)");
            }
            boolean valueFollows = i + 1 < tokens.length
                    && (option.requiresArgument() || option.acceptsArguments() && !tokens[i + 1].startsWith("-"));
            if (valueFollows) {
                i++; // the option's value, which may itself start with '-' (-jvmArgs -Xmx1g)
            }
        }
    }

    /** JMH's option names and their specs, read from the parser of its {@link CommandLineOptions}. */
    static Map<String, OptionSpec<?>> names() {
        try {
            var field = CommandLineOptions.class.getDeclaredField("parser");
            field.setAccessible(true);
            return ((OptionParser) field.get(new CommandLineOptions())).recognizedOptions();
        } catch (ReflectiveOperationException | CommandLineOptionException | RuntimeException e) {
            throw new IllegalStateException("cannot read JMH's option names (JMH version changed?)", e);
        }
    }
}
