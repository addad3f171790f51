package io.jobqueue.example.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a long add, on standard error: on a terminal a bar redrawn in place (at most ten times a second),
 * elsewhere (a log file, a pipe) a plain line every {@code every} jobs, so a log does not fill with redraws.
 */
final class Progress {
    static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final long total;
    private final boolean bar;
    private final long every;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long nextLine;
    private boolean drawn;

    /**
     * @param terminal whether standard error is a terminal: then a bar, if {@code total} is more than one batch
     * @param every on any other stream, a line each time this many more jobs are added; 0 for none
     */
    Progress(PrintWriter err, long total, boolean terminal, int batchSize, long every) {
        this.err = err;
        this.total = total;
        this.bar = terminal && total > batchSize;
        this.every = terminal ? 0 : every;
        this.nextLine = every;
    }

    /** {@code done} of the total are added now. */
    void update(long done) {
        if (bar) {
            long now = System.nanoTime();
            if (now - lastDraw >= REDRAW_NANOS || done == total) {
                lastDraw = now;
                err.print("\r" + bar(done));
                err.flush();
                drawn = true;
            }
        } else if (every > 0 && done >= nextLine) {
            err.println(String.format(Locale.ROOT, "added %d/%d jobs (%d%%)", done, total, percent(done)));
            err.flush();
            nextLine = (done / every + 1) * every;
        }
    }

    /** Ends the bar's line, so what follows starts on a fresh one. */
    void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }

    String bar(long done) {
        int filled = (int) (total == 0 ? BAR_WIDTH : done * BAR_WIDTH / total);
        double seconds = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
        return String.format(Locale.ROOT, "[%s%s] %3d%% %d/%d jobs, %.0f jobs/s", "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled), percent(done), done, total, done / seconds);
    }

    private int percent(long done) {
        return (int) (total == 0 ? 100 : done * 100 / total);
    }
}
