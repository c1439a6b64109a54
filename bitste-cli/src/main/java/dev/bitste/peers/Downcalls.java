package dev.bitste.peers;

/** What the peers' native calls share. */
final class Downcalls {
    private Downcalls() {
    }

    /** A method handle's {@code Throwable} as an unchecked exception (downcalls throw none of their own). */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }
}
