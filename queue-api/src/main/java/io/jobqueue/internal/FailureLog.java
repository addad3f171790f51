package io.jobqueue.internal;

import org.slf4j.Logger;

/**
 * The log of an action a background thread repeats (a heartbeat, a sample, a scheduler's pass): its first failure
 * is a warning and its first success after failures a note, so a backend that is down for an hour logs two lines,
 * not one per try. Each instance belongs to one thread.
 */
public final class FailureLog {
    private final Logger log;
    private final String failed;
    private final String recovered;
    private boolean failing;

    /**
     * @param failed the warning for the first failure; the exception's text follows it after ": "
     * @param recovered the note for the first success after a failure
     */
    public FailureLog(Logger log, String failed, String recovered) {
        this.log = log;
        this.failed = failed;
        this.recovered = recovered;
    }

    public void succeeded() {
        if (failing) {
            log.info(recovered);
            failing = false;
        }
    }

    public void failed(RuntimeException e) {
        if (!failing) {
            log.warn("{}: {}", failed, e.toString());
            failing = true;
        }
    }
}
