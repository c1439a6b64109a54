package dev.bitste;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes allocated by the current thread, from HotSpot's per-thread counter
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}): how tests check that a loader does not
 * allocate what a corrupt header asks for.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {
    }

    /** Whether this JVM counts allocations per thread. */
    public static boolean available() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes allocated so far by the current thread. */
    public static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes the current thread allocates while running {@code work} (exceptions are the work's outcome, not ours). */
    public static long during(Runnable work) {
        long before = allocated();
        try {
            work.run();
        } catch (RuntimeException expected) {
            // the caller looks at the outcome separately
        }
        return allocated() - before;
    }
}
