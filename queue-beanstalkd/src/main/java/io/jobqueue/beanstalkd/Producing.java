package io.jobqueue.beanstalkd;

import io.jobqueue.BackendException;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueueException;
import io.jobqueue.beanstalkd.client.BeanstalkClient;
import io.jobqueue.beanstalkd.client.BeanstalkConnectionException;
import io.jobqueue.beanstalkd.client.BeanstalkPutAllException;
import io.jobqueue.beanstalkd.client.PutRequest;
import io.jobqueue.beanstalkd.client.PutResult;
import io.jobqueue.spi.NewJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts jobs into the used tube, all or (as far as beanstalkd allows) none: one {@code put} for one job, a
 * pipelined batch for more. beanstalkd has no transactions, so when the server rejects a job of a batch, or
 * answers {@code BURIED} (out of memory: the job exists but is buried), the jobs already put are deleted
 * again and the add fails. A job a worker reserved in the meantime cannot be deleted; the message names it.
 */
final class Producing {
    private Producing() {}

    /** @param headerTime with a {@link JobHeader} before each payload, saying the jobs were added then; or null */
    static List<Long> put(BeanstalkClient client, List<NewJob> jobs, Instant headerTime, String what) {
        List<PutRequest> puts = new ArrayList<>(jobs.size());
        for (NewJob job : jobs) {
            long ttr = Jobs.seconds(job.ttr());
            byte[] body = headerTime == null ? job.payload() : JobHeader.prepend(ttr, headerTime, job.payload());
            puts.add(new PutRequest(job.priority(), Jobs.seconds(job.delay()), ttr, body));
        }
        List<PutResult> results;
        try {
            results = puts.size() == 1 ? List.of(client.put(puts.get(0))) : client.putAll(puts);
        } catch (BeanstalkPutAllException e) {
            List<Long> inserted = e.insertedByIndex().values().stream().map(PutResult::id).toList();
            JobQueueException failure = Failures.of(what, e);
            String message = failure.getMessage() + withdraw(client, inserted);
            throw failure instanceof InvalidInputException ? new InvalidInputException(message, e)
                    : new BackendException(message, e);
        } catch (BeanstalkConnectionException e) {
            throw new BackendException(what + ": the connection failed (" + e.getMessage()
                    + "); jobs put before the failure may have been added", e);
        }
        List<Long> ids = results.stream().map(PutResult::id).toList();
        if (results.stream().anyMatch(PutResult::buried)) {
            throw new BackendException(what + ": beanstalkd is out of memory and buried the job(s) instead of adding"
                    + " them ready" + withdraw(client, ids));
        }
        return ids;
    }

    /** Deletes jobs already put; says in a sentence what happened to them. */
    private static String withdraw(BeanstalkClient client, List<Long> ids) {
        if (ids.isEmpty()) {
            return "; no job was added";
        }
        List<Long> left = new ArrayList<>();
        for (long id : ids) {
            try {
                if (!client.delete(id)) {
                    left.add(id);
                }
            } catch (RuntimeException e) {
                left.add(id);
            }
        }
        return left.isEmpty() ? "; the " + ids.size() + " job(s) already put were deleted again, none was added"
                : "; jobs " + left + " were put and could not be deleted again (reserved by a worker, or the"
                        + " connection failed): they exist";
    }
}
