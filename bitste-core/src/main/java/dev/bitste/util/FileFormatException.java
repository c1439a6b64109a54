package dev.bitste.util;

/**
 * A file that is not what it should be: missing parts, a checksum that does not match, a header that
 * contradicts the data, impossible values. The message names the file and what is wrong with it. Loaders
 * (model files, IDX data) throw it for every malformed input, so a caller can tell a bad file from a bad
 * argument or an I/O error; it is an {@link IllegalArgumentException} because the file is the caller's input.
 */
public class FileFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FileFormatException(String message) {
        super(message);
    }

    public FileFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
