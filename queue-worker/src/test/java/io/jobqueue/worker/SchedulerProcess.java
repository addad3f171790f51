package io.jobqueue.worker;

import io.jobqueue.JobQueue;
import io.jobqueue.QueueSettings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A separate JVM for {@link SchedulerAcrossProcessesTest}: runs a worker with the scheduler on, prints
 * {@value #READY} once it runs, {@value #OCCURRENCE}&lt;schedule&gt; &lt;epoch ms&gt; &lt;job id&gt; for each
 * occurrence it enqueued, and stops cleanly when its standard input says {@value #STOP} or closes. Arguments:
 * queue URL, table, poll interval in ms.
 */
public final class SchedulerProcess {
    static final String READY = "ready";
    static final String OCCURRENCE = "occurrence ";
    static final String PROBLEM = "problem ";
    static final String STOP = "stop";

    private SchedulerProcess() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        QueueSettings settings = QueueSettings.builder().option("table", args[1]).build();
        try (JobQueue queue = JobQueue.connect(args[0], settings)) {
            Worker worker = Worker.builder(queue).registerWorker("idle", job -> { })
                    .runSchedules(Duration.ofMillis(Long.parseLong(args[2])))
                    .scheduleListener(o -> out.println(OCCURRENCE + o.schedule() + " "
                            + o.scheduledAt().toEpochMilli() + " " + o.jobId()))
                    .build();
            worker.start();
            out.println(READY);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.equals(STOP));
            worker.close();
        } catch (RuntimeException e) {
            out.println(PROBLEM + e);
            out.flush();
            System.exit(1);
        }
        out.flush();
        System.exit(0);
    }
}
