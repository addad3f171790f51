package io.jobqueue.example;

import io.jobqueue.JobQueueException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The example jar's entry point: {@code java -jar worker-example.jar COMMAND [--option value]...}. */
public final class Main {
    static final String USAGE = """
            usage: java -jar worker-example.jar COMMAND [--option value]...

            commands:
              produce --pipeline P (--count N | --file FILE) [--delay S] [--ttr S] [--priority N] [--batch-size N]
                  add N sample jobs, or one job per distinct line of FILE (blank lines and # comments skipped)
              work --pipelines P[,P...] [--concurrency N|MIN..MAX] [--max-attempts N] [--health-port PORT]
                   [--shutdown-timeout S] [--batch-size N] [--progress-interval S] [--metrics PORT]
                  run the worker runtime until SIGTERM; each pipeline gets the sample handler of its name
                  (domains, emails, noop), or name one: --pipelines bulk-mail=emails;
                  --concurrency 5..50 starts 5 handlers and adds up to 50 while jobs wait;
                  --metrics PORT serves Prometheus metrics on http://127.0.0.1:PORT/metrics
              loop --pipeline P
                  the same work as a plain reserve/delete loop on JobQueue, one job at a time
              demo [--url U] [--out DIR] [--timeout S]
                  a self-contained demo on a fresh SQLite file (default jdbc:sqlite:jobqueue-demo.db),
                  writing results under DIR (default jobqueue-demo)
              stats [--pipeline P]
                  counts per state of P, or of every pipeline

            common options (produce, work, loop, stats):
              --url U              the queue, e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres,
                                   beanstalkd://127.0.0.1:11300; without it: --url-file, else $JOBQUEUE_URL,
                                   else jdbc:sqlite:jobqueue.db
              --url-file FILE      read the URL from the first line of FILE: a URL with a password belongs
                                   here or in $JOBQUEUE_URL, since arguments show in ps
              --option NAME=VALUE  a backend setting, repeatable, e.g. --option table=my_jobs

            handler options (work, loop):
              --results FILE           domains: where results are appended (default domain-results.txt)
              --lookup-timeout-ms N    domains: the longest a name lookup may take (default 2000)
              --outbox DIR             emails: where .eml files are written (default outbox)
              --failure-rate F         emails: share of send attempts that fail, to show retries (default 0)
              --handler-delay-ms N     noop: sleep N ms per job
              --record FILE            noop: append "<jobId> <reserves> <worker>" per job handled
              --worker-name NAME       noop: the worker name recorded (default the supervisord process name)
            """;

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo")) {
            // The demo prints its own progress; keep per-job log lines out of it unless asked for.
            quietUnlessSet("org.slf4j.simpleLogger.log.io.jobqueue.example", "warn");
        }
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    /** Runs one command; returns the exit code: 0 done, 1 failed, 2 bad command line. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (command) {
                case "produce" -> ProduceCommand.run(Args.parse(command, rest, ProduceCommand.OPTIONS), out);
                case "work" -> WorkCommand.run(Args.parse(command, rest, WorkCommand.OPTIONS), out);
                case "loop" -> LoopCommand.run(Args.parse(command, rest, LoopCommand.OPTIONS), out);
                case "demo" -> DemoCommand.run(Args.parse(command, rest, DemoCommand.OPTIONS), out);
                case "stats" -> StatsCommand.run(Args.parse(command, rest, StatsCommand.OPTIONS), out);
                default -> throw new UsageException("unknown command '" + command
                        + "' (commands: produce, work, loop, demo, stats)");
            };
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("run with --help for usage");
            return 2;
        } catch (JobQueueException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("error: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    private static void quietUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
