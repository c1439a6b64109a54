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
    private static final long PER_PERCENT = 10; // weighted progress counts tenths of a percent
    private final ProgressBar bar;
    private final String task;
    private final long total;
    private final String unit; // null: plain counts; else the steps are tenths of a percent
    private long items;
    private final long startNanos = System.nanoTime();
    private final PrintStream err = System.err;
    private long done;
    private long nextLine;

    private Progress(String task, long total, String unit, boolean interactive) {
        this.task = task;
        this.total = Math.max(1, total);
        this.unit = unit;
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(this.total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate();
        if (unit != null) {
            builder.setUnit(unit, PER_PERCENT);
        }
        this.bar = interactive ? builder.build() : null;
        this.nextLine = 0;
    }

    private static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null;
    }

    /** Starts tracking {@code total} steps of {@code task}. */
    public static Progress start(String task, long total) {
        return new Progress(task, total, null, interactive());
    }

    /**
     * Starts tracking work of unequal pieces: {@link #advance} reports each finished piece with its share of the
     * whole, so the ETA holds when the pieces differ in size; shows percent of the work and pieces done.
     */
    public static Progress weighted(String task) {
        return new Progress(task, 100L * PER_PERCENT, "%", interactive());
    }

    /** One more piece done, worth {@code share} (0..1) of the whole ({@link #weighted} progress). */
    public synchronized void advance(double share) {
        items++;
        extra(items + " done");
        stepBy(Math.round(share * total));
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
            String count = unit == null ? done + "/" + total + " " : items + " done, ";
            err.printf("%s: %s(%.0f%%), elapsed %s, ETA %s%n", task, count, 100.0 * done / total,
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
