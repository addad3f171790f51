package io.jobqueue.tck;

import io.jobqueue.Job;
import io.jobqueue.JobQueue;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A separate JVM for the multi-process contract test: drains one pipeline with several threads until it has
 * been empty for a while, printing {@value #RESERVED}&lt;id&gt; for each reserved job and
 * {@value #PROBLEM}&lt;message&gt; for each failure. Arguments: queue URL, pipeline, threads.
 */
public final class DrainProcess {
    static final String RESERVED = "reserved ";
    static final String PROBLEM = "problem ";
    private static final Duration IDLE = Duration.ofSeconds(2);

    private DrainProcess() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String pipeline = args[1];
        int threads = Integer.parseInt(args[2]);
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        boolean ok = true;
        try (JobQueue queue = JobQueue.connect(url)) {
            JobQueue q = queue.watchPipeline(pipeline);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> drain(q, lines), "drain-" + t);
                worker.start();
                workers.add(worker);
            }
            for (Thread worker : workers) {
                worker.join();
            }
        } catch (RuntimeException e) {
            lines.add(PROBLEM + e);
            ok = false;
        }
        PrintStream out = System.out;
        for (String line : lines) {
            out.println(line);
            ok &= !line.startsWith(PROBLEM);
        }
        out.flush();
        System.exit(ok ? 0 : 1);
    }

    private static void drain(JobQueue q, ConcurrentLinkedQueue<String> lines) {
        try {
            while (true) {
                List<Job> jobs = q.reserveJobs(1, IDLE);
                if (jobs.isEmpty()) {
                    return;
                }
                for (Job job : jobs) {
                    lines.add(RESERVED + job.id());
                    q.delete(job);
                }
            }
        } catch (RuntimeException e) {
            lines.add(PROBLEM + e);
        }
    }
}
