package io.jobqueue.beanstalkd.client;

import java.time.Duration;

/** Waits between reconnect attempts; tests replace it to record the backoff instead of sleeping. */
@FunctionalInterface
interface Sleeper {

    Sleeper SYSTEM = delay -> Thread.sleep(delay.toMillis());

    void sleep(Duration delay) throws InterruptedException;
}
