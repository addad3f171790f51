package io.jobqueue.example;

import io.jobqueue.Job;
import io.jobqueue.worker.JobHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the domain in a job's payload resolves, and appends the result to a results file.
 *
 * <p>A name that does not resolve, or not within the lookup timeout, is a result ("unavailable"), not a
 * failure: the job is done. A payload that is not a domain name throws, so the runtime retries and then
 * buries it. The JDK's resolver cannot be given a deadline, so each lookup runs on a daemon thread and is
 * abandoned when the timeout passes; a machine without a network never makes a job hang.
 */
public final class DomainCheckHandler implements JobHandler {
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(DomainCheckHandler.class);

    private final LineFile results;
    private final Duration lookupTimeout;
    private final ExecutorService lookups = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dns-lookup");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong available = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();

    DomainCheckHandler(LineFile results, Duration lookupTimeout) {
        this.results = results;
        this.lookupTimeout = lookupTimeout;
    }

    @Override
    public void handle(Job job) throws IOException, InterruptedException {
        String domain = DomainNames.normalize(job.payloadAsString());
        DomainCheck check = check(domain);
        results.append(check.toLine());
        (check.available() ? available : unavailable).incrementAndGet();
        log.info("job {}: {} is {}{}", job.id(), domain, check.available() ? "available" : "unavailable",
                check.available() ? " " + check.addresses() : " (" + check.detail() + ")");
    }

    DomainCheck check(String domain) throws InterruptedException {
        long start = System.nanoTime();
        Future<InetAddress[]> lookup = lookups.submit(() -> InetAddress.getAllByName(domain));
        try {
            InetAddress[] addresses = lookup.get(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> found = Arrays.stream(addresses).map(InetAddress::getHostAddress).distinct().toList();
            return new DomainCheck(domain, true, found, "", since(start));
        } catch (TimeoutException e) {
            lookup.cancel(true);
            return new DomainCheck(domain, false, List.of(),
                    "no answer within " + lookupTimeout.toMillis() + " ms", since(start));
        } catch (ExecutionException e) {
            String reason = e.getCause() instanceof UnknownHostException ? "does not resolve" : e.getCause().toString();
            return new DomainCheck(domain, false, List.of(), reason, since(start));
        } catch (InterruptedException e) {
            lookup.cancel(true);
            throw e;
        }
    }

    long availableCount() {
        return available.get();
    }

    long unavailableCount() {
        return unavailable.get();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
