package io.jobqueue.beanstalkd.client;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pipelined {@code putAll} stopped because the server rejected one of its puts. Requests are numbered
 * from 0 in the order given; {@link #insertedByIndex()} holds every job that was created (later requests in
 * the same chunk may have succeeded), and requests absent from it were not inserted.
 */
public class BeanstalkPutAllException extends BeanstalkServerException {

    private final int failedIndex;
    private final int requested;
    private final Map<Integer, PutResult> inserted;

    public BeanstalkPutAllException(ServerError error, int failedIndex, int requested,
                                    Map<Integer, PutResult> inserted) {
        super(error, "put", "beanstalkd replied " + error.word() + " to put #" + failedIndex + " of " + requested
                + " in a pipelined putAll (" + error.description() + "); " + inserted.size()
                + " job(s) were inserted, see insertedByIndex()");
        this.failedIndex = failedIndex;
        this.requested = requested;
        this.inserted = Collections.unmodifiableMap(new TreeMap<>(inserted));
    }

    /** Index of the first request the server rejected. */
    public int failedIndex() {
        return failedIndex;
    }

    /** How many requests were passed to {@code putAll}. */
    public int requested() {
        return requested;
    }

    /** The jobs that were created, by request index. */
    public Map<Integer, PutResult> insertedByIndex() {
        return inserted;
    }
}
