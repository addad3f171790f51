package io.jobqueue.beanstalkd.client;

/**
 * A deadline for a whole call of several commands (a sequence, a retry, a reconnect), set by
 * {@link BeanstalkClient#within}: no command of the call runs past it.
 *
 * @param nanos        the deadline, a {@link System#nanoTime()} value
 * @param budgetMillis the time the call was given, for messages
 */
record CallDeadline(long nanos, long budgetMillis) {

    /** The earlier of the two; either may be null (no deadline). */
    static CallDeadline earlier(CallDeadline a, CallDeadline b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.nanos - b.nanos <= 0 ? a : b;
    }

    String describe() {
        return "the deadline of its call (" + budgetMillis + " ms in all for the call, BeanstalkClient.within)";
    }
}
