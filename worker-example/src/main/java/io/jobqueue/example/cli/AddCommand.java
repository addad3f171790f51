package io.jobqueue.example.cli;

import io.jobqueue.BackendException;
import io.jobqueue.Capability;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobOptions;
import io.jobqueue.JobQueue;
import io.jobqueue.UniqueKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code add --pipeline P [--file F]}: one job per line of F (or of standard input), its text the payload. Every
 * line is read and checked (UTF-8, size, unique key) before the first job is added, so bad input adds nothing.
 */
@Command(name = "add", header = "Add one job per line of a file or of standard input.",
        description = {
        "Add one job per line of a file, or of standard input, the line's text its payload (blank lines skipped)."
                + " Every line is read and checked first: a bad one adds nothing.",
        "Progress goes to standard error: a bar on a terminal, else a line every --progress-every jobs."})
final class AddCommand extends QueueCommand {
    static final int DEFAULT_BATCH_SIZE = 500;
    static final int DEFAULT_PROGRESS_EVERY = 10_000;
    static final String LINE = "{line}";

    @Option(names = "--pipeline", required = true, paramLabel = "P", description = "The pipeline to add to.")
    String pipeline;

    @Option(names = "--file", paramLabel = "FILE", description = "Read the jobs from FILE; without it (or with -),"
            + " from standard input.")
    String file;

    @Option(names = "--priority", paramLabel = "N", description = "0 (most urgent) to 4294967295; default 1024.")
    Long priority;

    @Option(names = "--delay", paramLabel = "S", description = "Seconds before the jobs are ready; default 0.")
    Long delay;

    @Option(names = "--ttr", paramLabel = "S", description = "Time to run, seconds; default 60.")
    Long ttr;

    @Option(names = "--unique-key", paramLabel = "KEY", description = {"A unique key per job: while a job of the"
            + " pipeline holds it, an add with it adds nothing and gives the holder's id. " + LINE + " in KEY is"
            + " replaced by the line, so --unique-key '" + LINE + "' adds each distinct line once."
            + " Without " + LINE + " it fits one line only."})
    String uniqueKey;

    @Option(names = "--unique-scope", paramLabel = "SCOPE", description = "How long a key holds: queued, or"
            + " queued_or_running (the default).")
    UniqueKey.Scope uniqueScope = UniqueKey.Scope.QUEUED_OR_RUNNING;

    @Option(names = "--batch-size", paramLabel = "N", description = "Jobs per round trip; default "
            + DEFAULT_BATCH_SIZE + ".")
    int batchSize = DEFAULT_BATCH_SIZE;

    @Option(names = "--progress-every", paramLabel = "N", description = "Off a terminal, a progress line every N"
            + " jobs; 0 for none; default " + DEFAULT_PROGRESS_EVERY + ".")
    long progressEvery = DEFAULT_PROGRESS_EVERY;

    private JobOptions options;
    private List<String> lines;

    @Override
    void check() {
        if (batchSize < 1 || batchSize > 100_000) {
            throw usage("--batch-size must be from 1 to 100000, got " + batchSize);
        }
        if (progressEvery < 0) {
            throw usage("--progress-every must be 0 or more, got " + progressEvery);
        }
        try {
            JobOptions o = JobOptions.defaults();
            if (priority != null) {
                o = o.withPriority(priority);
            }
            if (delay != null) {
                o = o.withDelay(Duration.ofSeconds(delay));
            }
            if (ttr != null) {
                o = o.withTtr(Duration.ofSeconds(ttr));
            }
            options = o;
        } catch (InvalidInputException e) {
            throw usage(e.getMessage());
        }
        lines = read();
        if (uniqueKey != null && !uniqueKey.contains(LINE) && lines.size() > 1) {
            throw usage("--unique-key without " + LINE + " gives every job the same key, so only the first of "
                    + lines.size() + " lines would be added; put " + LINE + " in the key");
        }
    }

    /** The non-blank lines of the input, decoded as strict UTF-8. */
    private List<String> read() {
        boolean stdin = file == null || file.equals("-");
        String source = stdin ? "standard input" : file;
        try (InputStream in = stdin ? cli().in() : Files.newInputStream(Path.of(file));
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8
                        .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
            List<String> read = new ArrayList<>();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    read.add(line);
                }
            }
            return read;
        } catch (NoSuchFileException e) {
            throw usage("--file " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw usage(source + " is not UTF-8 text; nothing was added");
        } catch (IOException e) {
            throw usage("cannot read " + source + ": " + e.getMessage());
        }
    }

    @Override
    int run(JobQueue queue) {
        List<UniqueKey> keys = uniqueKey == null ? null : keys(queue);
        int max = queue.maxPayloadBytes();
        for (int i = 0; i < lines.size(); i++) {
            int bytes = lines.get(i).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > max) {
                throw new CliException(ExitCode.USAGE, "line " + (i + 1) + " is " + bytes + " bytes, over the "
                        + max + " a job may hold here; nothing was added");
            }
        }
        JobQueue target = queue.selectPipeline(pipeline);
        List<Long> ids = new ArrayList<>(lines.size());
        Progress progress = new Progress(err(), lines.size(), cli().stderrIsTerminal(), batchSize, progressEvery);
        try {
            for (int from = 0; from < lines.size(); from += batchSize) {
                List<String> batch = lines.subList(from, Math.min(lines.size(), from + batchSize));
                if (keys == null) {
                    ids.addAll(target.addJobs(batch, options));
                } else {
                    for (int i = 0; i < batch.size(); i++) {
                        UniqueKey key = keys.get(from + i);
                        ids.add(target.addJob(batch.get(i), options.withUniqueKey(key.key(), key.scope())));
                    }
                }
                progress.update(ids.size());
            }
        } catch (BackendException e) {
            // The batches before this one are in the queue: say how far the add got, so a rerun can skip them.
            throw new BackendException("added " + ids.size() + " of " + lines.size() + " lines to pipeline "
                    + pipeline + (ids.isEmpty() ? "" : " (ids " + ids.get(0) + ".." + ids.get(ids.size() - 1) + ")")
                    + ", then failed: " + e.getMessage(), e);
        } finally {
            progress.finish();
        }
        long distinct = ids.stream().distinct().count();
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pipeline", pipeline);
            doc.put("lines", lines.size());
            doc.put("jobs", distinct);
            doc.put("ids", ids);
            printJson(doc);
        } else {
            out().println("added " + lines.size() + " lines to pipeline " + pipeline
                    + (distinct < ids.size() ? " as " + distinct + " jobs (the others matched a live unique key)" : "")
                    + (ids.isEmpty() ? "" : ", ids " + ids.get(0) + ".." + ids.get(ids.size() - 1)));
        }
        return ExitCode.OK;
    }

    /** Each line's key, checked before anything is added. */
    private List<UniqueKey> keys(JobQueue queue) {
        require(queue, Capability.UNIQUE_JOBS, "add jobs with a unique key");
        List<UniqueKey> keys = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            try {
                keys.add(new UniqueKey(uniqueKey.replace(LINE, lines.get(i)), uniqueScope));
            } catch (InvalidInputException e) {
                throw new CliException(ExitCode.USAGE, "line " + (i + 1) + ": " + e.getMessage()
                        + "; nothing was added");
            }
        }
        return keys;
    }
}
