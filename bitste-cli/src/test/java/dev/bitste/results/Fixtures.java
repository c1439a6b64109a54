package dev.bitste.results;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The JMH JSON fixtures under src/test/resources/jmh (see the README there for how they were made). */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String name) {
        try {
            var url = Fixtures.class.getResource("/jmh/" + name);
            if (url == null) {
                throw new IllegalStateException("missing test fixture jmh/" + name);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
