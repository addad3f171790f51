package io.jobqueue.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.GetResponse;
import io.jobqueue.JobQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * RabbitMQ: our figures on quorum queues (the backend's default) beside the bare amqp-client doing the least the
 * same guarantees need, on a quorum queue of the same broker in the same run: publish with a confirm per message
 * (enqueue), 1,000 publishes then one wait for their confirms (bulk), {@code basic.get} and {@code basic.ack} per
 * message on {@value QueueBench#WORKERS} channels (drain: what the backend does), and, beside it, {@code
 * basic.consume} with a prefetch of {@value QueueBench#DRAIN_BATCH} and multiple acks (what {@code basic.get}
 * costs); latency beside a consumer's from publish to delivery.
 *
 * <p>Server: JOBQUEUE_BENCH_RABBITMQ_URL, else JOBQUEUE_TEST_RABBITMQ_URL, else the local broker. Each drain
 * takes {@link #DRAIN_CAP} jobs at most: a quorum queue commits every get and ack through its Raft log, so
 * the default 100,000 would take minutes.
 */
final class RabbitMqBench {
    static final int DRAIN_CAP = 30_000;
    private static final byte[] BODY = "{\"job\":\"noop\"}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, Object> QUORUM = Map.of("x-queue-type", "quorum");

    /** Where a figure goes: Bench's record. */
    @FunctionalInterface
    interface Recorder {
        void record(String backend, String metric, double value, double ceiling);
    }

    private final String url;
    private final double seconds;
    private final int drainJobs;
    private final Recorder recorder;
    private final String run = Long.toHexString(System.nanoTime());
    private final List<String> queues = new ArrayList<>();

    RabbitMqBench(String url, double seconds, int drainJobs, Recorder recorder) {
        this.url = url;
        this.seconds = seconds;
        this.drainJobs = Math.min(drainJobs, DRAIN_CAP);
        this.recorder = recorder;
    }

    void run() throws Exception {
        QueueBench ours = new QueueBench(() -> JobQueue.connect(url), seconds);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(url);
        try (Connection connection = factory.newConnection("jobqueue-bench-ceiling")) {
            record("enqueue_per_s", ours.enqueuePerSecond(ours("enqueue")), publishConfirmedEach(connection));
            record("enqueue_bulk_per_s", ours.bulkEnqueuePerSecond(ours("bulk")), publishBulk(connection));

            String getQueue = declare(connection, "get");
            fill(connection, getQueue, drainJobs);
            double getCeiling = getAndAck(connection, getQueue);
            String consumeQueue = declare(connection, "consume");
            fill(connection, consumeQueue, drainJobs);
            double consumeCeiling = consume(connection, consumeQueue);

            ours.fill(ours("warmup"), 5_000);
            ours.drain(ours("warmup"), 5_000);
            ours.fill(ours("drain"), drainJobs);
            QueueBench.DrainResult drain = ours.drain(ours("drain"), drainJobs);
            record("drain_per_s", drain.perSecond(), getCeiling);
            record("drain_per_s_vs_consume", drain.perSecond(), consumeCeiling);
            record("worker_rss_mb", drain.peakRssMib(), Double.NaN);

            double[] latency = ours.latencyMillis(ours("latency"), 0, 300);
            double[] bare = consumerLatencyMillis(connection, 300);
            record("latency_p50_ms", latency[0], bare[0]);
            record("latency_p99_ms", latency[1], bare[1]);
        } finally {
            cleanUp(factory);
        }
    }

    private void record(String metric, double value, double ceiling) {
        recorder.record("rabbitmq", metric, value, ceiling);
    }

    /** A pipeline name of this run; its queues ({@code jobqueue:<p>}, {@code jobqueue:<p>:buried}) go at the end. */
    private String ours(String what) {
        String pipeline = "bench-" + what + "-" + run;
        queues.add("jobqueue:" + pipeline);
        queues.add("jobqueue:" + pipeline + ":buried");
        return pipeline;
    }

    private String declare(Connection connection, String what) throws Exception {
        String queue = "jobqueue-bench-ceiling-" + what + "-" + run;
        queues.add(queue);
        try (Channel ch = connection.createChannel()) {
            ch.queueDeclare(queue, true, false, false, QUORUM);
        }
        return queue;
    }

    private static AMQP.BasicProperties persistent() {
        return new AMQP.BasicProperties.Builder().deliveryMode(2).build();
    }

    /** One publish, then wait for its confirm. */
    private double publishConfirmedEach(Connection connection) throws Exception {
        String queue = declare(connection, "enqueue");
        try (Channel ch = connection.createChannel()) {
            ch.confirmSelect();
            Timing.Step step = () -> {
                ch.basicPublish("", queue, persistent(), BODY);
                ch.waitForConfirmsOrDie(10_000);
                return 1;
            };
            Timing.ratePerSecond(0.5, step);
            return Timing.ratePerSecond(seconds, step);
        }
    }

    /** {@value QueueBench#BULK_BATCH} publishes, then one wait for all their confirms. */
    private double publishBulk(Connection connection) throws Exception {
        String queue = declare(connection, "bulk");
        try (Channel ch = connection.createChannel()) {
            ch.confirmSelect();
            Timing.Step step = () -> {
                for (int i = 0; i < QueueBench.BULK_BATCH; i++) {
                    ch.basicPublish("", queue, persistent(), BODY);
                }
                ch.waitForConfirmsOrDie(30_000);
                return QueueBench.BULK_BATCH;
            };
            Timing.ratePerSecond(0.5, step);
            return Timing.ratePerSecond(seconds, step);
        }
    }

    private static void fill(Connection connection, String queue, int jobs) throws Exception {
        try (Channel ch = connection.createChannel()) {
            ch.confirmSelect();
            for (int i = 0; i < jobs; i++) {
                ch.basicPublish("", queue, persistent(), BODY);
                if (i % 1_000 == 999) {
                    ch.waitForConfirmsOrDie(30_000);
                }
            }
            ch.waitForConfirmsOrDie(30_000);
        }
    }

    /** {@value QueueBench#WORKERS} channels each {@code basic.get} and {@code basic.ack} until the queue is empty. */
    private double getAndAck(Connection connection, String queue) throws Exception {
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(QueueBench.WORKERS);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < QueueBench.WORKERS; i++) {
                futures.add(pool.submit(() -> {
                    try (Channel ch = connection.createChannel()) {
                        GetResponse message;
                        while ((message = ch.basicGet(queue, false)) != null) {
                            ch.basicAck(message.getEnvelope().getDeliveryTag(), false);
                            done.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return Timing.perSecond(done.get(), start);
    }

    /** One consumer, prefetch {@value QueueBench#DRAIN_BATCH}, an ack for every half prefetch (multiple). */
    private double consume(Connection connection, String queue) throws Exception {
        CountDownLatch all = new CountDownLatch(drainJobs);
        try (Channel ch = connection.createChannel()) {
            ch.basicQos(QueueBench.DRAIN_BATCH);
            long start = System.nanoTime();
            ch.basicConsume(queue, false, new DefaultConsumer(ch) {
                private int unacked;

                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body)
                        throws java.io.IOException {
                    if (++unacked >= QueueBench.DRAIN_BATCH / 2 || all.getCount() <= unacked) {
                        ch.basicAck(envelope.getDeliveryTag(), true);
                        for (int i = 0; i < unacked; i++) {
                            all.countDown();
                        }
                        unacked = 0;
                    }
                }
            });
            if (!all.await(3, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the bare consumer took over 3 minutes for " + drainJobs + " jobs");
            }
            return Timing.perSecond(drainJobs, start);
        }
    }

    /** Publish (confirmed) on one connection to a consumer on another: p50, p99 in ms. */
    private double[] consumerLatencyMillis(Connection connection, int samples) throws Exception {
        String queue = declare(connection, "latency");
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(url);
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        try (Connection consuming = factory.newConnection("jobqueue-bench-ceiling-consumer");
                Channel consumer = consuming.createChannel(); Channel producer = connection.createChannel()) {
            consumer.basicQos(1);
            consumer.basicConsume(queue, false, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties p, byte[] body)
                        throws java.io.IOException {
                    latencies.add((System.nanoTime() - Long.parseLong(new String(body, StandardCharsets.UTF_8)))
                            / 1e6);
                    consumer.basicAck(envelope.getDeliveryTag(), false);
                }
            });
            producer.confirmSelect();
            for (int i = 0; i < samples; i++) {
                producer.basicPublish("", queue, persistent(),
                        Long.toString(System.nanoTime()).getBytes(StandardCharsets.UTF_8));
                producer.waitForConfirmsOrDie(10_000);
                long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (latencies.size() <= i && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                Thread.sleep(5);
            }
        }
        List<Double> all = new ArrayList<>(latencies);
        if (all.size() < samples) {
            throw new IllegalStateException("only " + all.size() + " of " + samples + " latency samples arrived");
        }
        return new double[] {Timing.percentile(all, 50), Timing.percentile(all, 99)};
    }

    private void cleanUp(ConnectionFactory factory) {
        try (Connection connection = factory.newConnection("jobqueue-bench-cleanup");
                Channel ch = connection.createChannel()) {
            for (String queue : queues) {
                ch.queueDelete(queue);
            }
        } catch (Exception e) {
            System.err.println("bench: could not delete the bench queues: " + e.getMessage());
        }
    }
}
