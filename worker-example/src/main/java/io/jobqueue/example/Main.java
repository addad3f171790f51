package io.jobqueue.example;

import io.jobqueue.JobQueueException;
import io.jobqueue.example.cli.Cli;
import io.jobqueue.example.cli.ExitCode;
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
              stats [--pipeline P] [--json]
                  counts per state of P, or of every pipeline, and the workers: the same as jobqueue stats
              jobqueue COMMAND [--url U] [--json] ...
                  the command line: stats, peek, kick, delete, pause, resume, limits, add, schedule;
                  jobqueue --help lists them with their exit codes, jobqueue COMMAND --help each one's options
              task start domain-check --file FILE
                  queue a task that checks every distinct domain of FILE; prints the task's id
              task status ID [--json]
                  the task's status stage by stage (children completed/failed/total), and its result
              task list [--name N] [--status S] [--limit N]
                  the newest tasks (default 20) with their status
              task work [--concurrency N|MIN..MAX] [--resolver ARG]... [--lookup-timeout-ms N] [--health-port PORT]
                  run the task workers until SIGTERM (default concurrency 8)
              task run domain-check --file FILE [--concurrency N] [--resolver ARG]... [--timeout S]
                  start the task and work it in this process until it has finished, printing progress
              serve [--port 8080] [--host 127.0.0.1] [--concurrency N|MIN..MAX] [--store-url URL]
                    [--credentials-file FILE] [--resolver ARG]... [--shutdown-timeout S]
                  the admin app in one process: the dashboard and REST API (http://127.0.0.1:8080/) and the
                  task workers (default concurrency 8) until SIGTERM or Ctrl-C; --port 0 picks a free port;
                  --store-url: the task store's URL (see task options);
                  a --host beyond loopback needs credentials, user:password from --credentials-file FILE
                  or $JOBQUEUE_DASHBOARD_CREDENTIALS, never from the command line

            common options (produce, work, loop, stats, task, serve, jobqueue):
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

            task options (task work, task run, serve):
              --resolver ARG           the lookup command, one argument per --resolver, run without a shell;
                                       an argument {domain} is replaced by the name (else it is added last);
                                       default: --resolver host --resolver -W --resolver 2 --resolver {domain}
              --lookup-timeout-ms N    a lookup still running after N ms is killed: "lookup failed" (default 5000)
              --max-output-bytes N     the resolver output kept per stream (default 65536)
              --store-url URL          the task store: on a JDBC queue its own database (the default), perhaps
                                       by another URL; on beanstalkd or RabbitMQ a JDBC database of its own
                                       (required), e.g. jdbc:sqlite:tasks.db, whose outbox sends the jobs
            """;

    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("demo") || args.length > 1 && args[0].equals("task")
                && args[1].equals("run"))) {
            // The demo prints its own progress; keep per-job log lines out of it unless asked for.
            quietUnlessSet("org.slf4j.simpleLogger.log.io.jobqueue.example", "warn");
        }
        if (args.length > 0 && (args[0].equals("jobqueue") || args[0].equals("stats"))) {
            // A command line tool prints its answer; the libraries' start-up lines would only clutter it.
            quietUnlessSet("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int code = run(args, System.out, System.err);
        System.exit(code);
    }

    /**
     * Runs one command; returns the exit code: 0 done, 1 failed, 2 bad command line ({@code jobqueue} and {@code
     * stats} have the finer codes of {@link ExitCode}).
     */
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
                case "stats" -> Cli.run(args, out, err);
                case "jobqueue" -> Cli.run(rest.toArray(String[]::new), out, err);
                case "task" -> TaskCommand.run(rest, out);
                case "serve" -> ServeCommand.run(Args.parse(command, rest, ServeCommand.OPTIONS), out);
                default -> throw new UsageException("unknown command '" + command
                        + "' (commands: produce, work, loop, demo, stats, task, serve, jobqueue)");
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
