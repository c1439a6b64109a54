package dev.bitste.results;

import java.nio.file.Path;

/**
 * A results file that cannot be used (missing, malformed JSON, not JMH output). It is an
 * {@link IllegalArgumentException} so the command line reports it as bad input (exit code 2); the
 * message names the file and the problem.
 */
public final class ResultsFormatException extends IllegalArgumentException {
    public ResultsFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ResultsFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
