package io.jobqueue.spi;

import io.jobqueue.WorkerInfo;

/**
 * Record (insert or replace) a worker's heartbeat, stamped with the backend's clock; while there, forget workers
 * silent for longer than {@code forgetAfterMillis}.
 */
public record HeartbeatRequest(WorkerInfo worker, long forgetAfterMillis) {}
