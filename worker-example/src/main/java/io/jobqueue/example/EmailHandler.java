package io.jobqueue.example;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.Job;
import io.jobqueue.worker.JobHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Sends" the email in a job's JSON payload ({@link EmailMessage}) by writing an {@code .eml} file into an
 * outbox directory, named after the job so a repeated delivery overwrites rather than duplicates.
 *
 * <p>A malformed payload or address throws {@link InvalidEmailException}; the runtime retries and then buries
 * the job. With a failure rate above zero, that share of attempts throws {@link TransientSendException}
 * before anything is written, like a mail server that answers "try again later", to show retries.
 */
public final class EmailHandler implements JobHandler {
    static final String FROM = "jobqueue-example@localhost";
    private static final Logger log = LoggerFactory.getLogger(EmailHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** A practical address check: one @, no spaces or control characters, a dotted domain or localhost. */
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
            + "@(localhost|([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63})");

    private final Path outbox;
    private final double failureRate;
    private final DoubleSupplier random;
    private final boolean firstAttemptOnly;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    EmailHandler(Path outbox, double failureRate, DoubleSupplier random) throws IOException {
        this(outbox, failureRate, random, false);
    }

    /**
     * @param firstAttemptOnly simulate failures on a job's first attempt only, so every valid email is sent
     *     in the end however the dice fall (the demo's promise)
     */
    EmailHandler(Path outbox, double failureRate, DoubleSupplier random, boolean firstAttemptOnly)
            throws IOException {
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("failure rate must be from 0 to 1, got " + failureRate);
        }
        this.outbox = Files.createDirectories(outbox);
        this.failureRate = failureRate;
        this.random = random;
        this.firstAttemptOnly = firstAttemptOnly;
    }

    @Override
    public void handle(Job job) throws IOException {
        EmailMessage message = parse(job.payload());
        boolean mayFail = failureRate > 0 && (!firstAttemptOnly || job.reserves() <= 1);
        if (mayFail && random.getAsDouble() < failureRate) {
            failures.incrementAndGet();
            throw new TransientSendException("simulated temporary failure sending job " + job.id() + " to "
                    + message.to() + " (451 try again later)");
        }
        Path file = write(job.id(), message);
        sent.incrementAndGet();
        log.info("job {}: sent '{}' to {} -> {}", job.id(), message.subject(), message.to(), file.getFileName());
    }

    /** Reads and checks a payload; throws {@link InvalidEmailException} naming what is wrong. */
    static EmailMessage parse(byte[] payload) {
        EmailMessage message;
        try {
            message = JSON.readValue(payload, EmailMessage.class);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidEmailException("payload is not an email as JSON {to, subject, body}: " + reason);
        }
        if (message == null || message.to() == null || !ADDRESS.matcher(message.to()).matches()) {
            throw new InvalidEmailException("invalid recipient address: "
                    + (message == null ? "none" : "'" + message.to() + "'"));
        }
        String subject = message.subject() == null ? "" : message.subject();
        if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
            throw new InvalidEmailException("subject must be one line");
        }
        return new EmailMessage(message.to(), subject, message.body() == null ? "" : message.body());
    }

    private Path write(long jobId, EmailMessage message) throws IOException {
        String eml = "From: " + FROM + "\r\n"
                + "To: " + message.to() + "\r\n"
                + "Subject: " + message.subject() + "\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()) + "\r\n"
                + "Message-ID: <job-" + jobId + "@jobqueue.example>\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n"
                + "\r\n"
                + message.body().replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n";
        Path target = outbox.resolve("job-" + jobId + ".eml");
        Path temp = Files.createTempFile(outbox, ".job-" + jobId, ".tmp");
        Files.writeString(temp, eml, StandardCharsets.UTF_8);
        return Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    long sentCount() {
        return sent.get();
    }

    long simulatedFailures() {
        return failures.get();
    }

    /** The payload is not a sendable email; retrying cannot help. */
    public static final class InvalidEmailException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidEmailException(String message) {
            super(message);
        }
    }

    /** A failure worth retrying, as a mail server's 4xx answer. */
    public static final class TransientSendException extends IOException {
        private static final long serialVersionUID = 1L;

        TransientSendException(String message) {
            super(message);
        }
    }
}
