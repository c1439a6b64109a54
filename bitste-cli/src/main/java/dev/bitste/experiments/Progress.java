package dev.bitste.experiments;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work on stderr: a live bar with ETA on a terminal, or (in CI logs, where a bar
 * would be noise) one line per tenth of the work with elapsed time and ETA.
 */
public final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final String task;
    private final long total;
    private final long startNanos = System.nanoTime();
    private final PrintStream err = System.err;
    private long done;
    private long nextLine;

    private Progress(String task, long total, boolean interactive) {
        this.task = task;
        this.total = Math.max(1, total);
        this.bar = interactive
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(this.total)
                        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build()
                : null;
        this.nextLine = 0;
    }

    /** Starts tracking {@code total} steps of {@code task}. */
    public static Progress start(String task, long total) {
        return new Progress(task, total, System.console() != null && System.getenv("CI") == null);
    }

    /** One step done. */
    public void step() {
        stepBy(1);
    }

    /** {@code n} steps done. */
    public synchronized void stepBy(long n) {
        done += n;
        if (bar != null) {
            bar.stepBy(n);
        } else if (done >= nextLine || done == total) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            long etaSeconds = done == 0 ? 0 : elapsed.toSeconds() * (total - done) / done;
            err.printf("%s: %d/%d (%.0f%%), elapsed %s, ETA %s%n", task, done, total, 100.0 * done / total,
                    format(elapsed.toSeconds()), format(etaSeconds));
            nextLine = done + Math.max(1, total / 10);
        }
    }

    /** Extra text shown beside the bar (e.g. the current parameters). */
    public void extra(String message) {
        if (bar != null) {
            bar.setExtraMessage(message);
        }
    }

    private static String format(long seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
