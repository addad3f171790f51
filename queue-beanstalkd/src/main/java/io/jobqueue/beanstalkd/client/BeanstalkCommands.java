package io.jobqueue.beanstalkd.client;

import java.util.List;
import java.util.Optional;

/**
 * Every command of the beanstalkd protocol, one method each. Implemented by {@link BeanstalkConnection}
 * (one socket, no reconnect, not thread-safe) and {@link BeanstalkClient} (thread-safe, reconnects).
 *
 * <p>Arguments are checked before anything is written; a bad one throws {@link BeanstalkBadInputException}.
 * Numbers are seconds or beanstalkd's unsigned 32-bit values (0..2^32-1); job ids are positive. Outcomes
 * that are part of normal flow are return values ({@code NOT_FOUND} gives {@code false} or
 * {@code Optional.empty()}); the rest is reported with {@link BeanstalkException}s, see {@link ServerError}.
 */
public interface BeanstalkCommands {

    /** {@code put}: inserts a job into the used tube. {@code BURIED <id>} gives {@code buried() == true}. */
    PutResult put(PutRequest request);

    /** {@code put} with default priority, no delay and default TTR. */
    default PutResult put(byte[] body) {
        return put(PutRequest.of(body));
    }

    /** {@code put <pri> <delay> <ttr> <bytes>}. */
    default PutResult put(long priority, long delaySeconds, long ttrSeconds, byte[] body) {
        return put(new PutRequest(priority, delaySeconds, ttrSeconds, body));
    }

    /**
     * Pipelined {@code put}: writes the puts in chunks of {@link BeanstalkConnection#PUT_ALL_CHUNK_SIZE},
     * each chunk before reading its replies. Every request is checked before the first byte is written.
     * Results are in request order.
     *
     * @throws BeanstalkPutAllException if the server rejected a put; it tells which jobs were inserted
     */
    List<PutResult> putAll(List<PutRequest> requests);

    /** {@code use}: later puts go to this tube. Returns the tube name the server confirmed. */
    String use(String tube);

    /**
     * {@code reserve}: waits, with no deadline, until a job in a watched tube is ready.
     *
     * @throws DeadlineSoonException if a job this connection holds is within a second of its TTR
     */
    BeanstalkJob reserve();

    /**
     * {@code reserve-with-timeout}: like {@link #reserve()} but gives up after {@code timeoutSeconds}
     * (0 = do not wait). Its deadline is this wait plus {@link BeanstalkConfig#commandTimeout()}.
     *
     * @return the job, or empty on {@code TIMED_OUT}
     * @throws DeadlineSoonException if a job this connection holds is within a second of its TTR
     */
    Optional<BeanstalkJob> reserveWithTimeout(long timeoutSeconds);

    /**
     * Up to {@code max} jobs ready now: {@code reserve-with-timeout 0} pipelined {@code max} times (written before
     * the replies are read), the jobs in the order the server reserved them; fewer when the watched tubes run out.
     */
    List<BeanstalkJob> reserveReady(int max);

    /** {@code reserve-job}: reserves this job if it is ready, delayed or buried; empty on {@code NOT_FOUND}. */
    Optional<BeanstalkJob> reserveJob(long id);

    /** {@code delete}: true if deleted, false on {@code NOT_FOUND}. */
    boolean delete(long id);

    /** {@code delete} of each job, pipelined: true for each deleted, false for each {@code NOT_FOUND}, in order. */
    List<Boolean> deleteAll(List<Long> ids);

    /** {@code release}: puts a job reserved by this connection back, with a new priority and delay. */
    ReleaseResult release(long id, long priority, long delaySeconds);

    /** {@code bury}: true if buried, false on {@code NOT_FOUND}. */
    boolean bury(long id, long priority);

    /** {@code touch}: renews the TTR of a job reserved by this connection; false on {@code NOT_FOUND}. */
    boolean touch(long id);

    /** {@code watch}: adds a tube to the watch list; returns the number of watched tubes. */
    int watch(String tube);

    /**
     * {@code ignore}: removes a tube from the watch list; returns the number of watched tubes.
     *
     * @throws BeanstalkServerException with {@link ServerError#NOT_IGNORED} for the only watched tube
     */
    int ignore(String tube);

    /** {@code peek <id>}: the job in any state, or empty on {@code NOT_FOUND}. */
    Optional<BeanstalkJob> peek(long id);

    /** {@code peek-ready}: the next ready job in the used tube. */
    Optional<BeanstalkJob> peekReady();

    /** {@code peek-delayed}: the delayed job in the used tube with the shortest delay left. */
    Optional<BeanstalkJob> peekDelayed();

    /** {@code peek-buried}: the next buried job in the used tube. */
    Optional<BeanstalkJob> peekBuried();

    /** {@code kick}: moves up to {@code bound} buried (else delayed) jobs of the used tube to ready. */
    long kick(long bound);

    /** {@code kick-job}: moves one buried or delayed job to ready; false on {@code NOT_FOUND}. */
    boolean kickJob(long id);

    /** {@code stats-job}, or empty on {@code NOT_FOUND}. */
    Optional<JobStats> statsJob(long id);

    /** {@code stats-job} of each job, pipelined: the stats, or empty on {@code NOT_FOUND}, in order. */
    List<Optional<JobStats>> statsJobs(List<Long> ids);

    /** {@code stats-tube}, or empty on {@code NOT_FOUND}. */
    Optional<TubeStats> statsTube(String tube);

    /** {@code stats}. */
    ServerStats stats();

    /** {@code list-tubes}: all existing tubes. */
    List<String> listTubes();

    /** {@code list-tube-used}: the tube this connection puts into. */
    String listTubeUsed();

    /** {@code list-tubes-watched}: the tubes this connection reserves from. */
    List<String> listTubesWatched();

    /** {@code pause-tube}: no job is reserved from the tube for this long; false on {@code NOT_FOUND}. */
    boolean pauseTube(String tube, long delaySeconds);

    /** {@code quit}: asks the server to close the connection, then closes it. */
    void quit();
}
