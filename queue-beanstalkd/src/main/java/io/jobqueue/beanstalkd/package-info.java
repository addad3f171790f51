/**
 * The beanstalkd backend: {@code JobQueue.connect("beanstalkd://host:11300")}, found through
 * {@link io.jobqueue.beanstalkd.BeanstalkBackendProvider}.
 *
 * <p>Pipelines are tubes and the lifecycle is beanstalkd's own, so jobs interoperate with beanstalkd
 * clients in any language: a job put by another client is reserved here with its bytes as they were, and the
 * other way round. What differs from the contract is adapted in {@link io.jobqueue.beanstalkd.BeanstalkBackend}:
 * fencing tokens on top of beanstalkd's per-connection reservations, delays, TTRs and timeouts rounded up
 * to whole seconds, and adds withdrawn when a batch fails midway. Not offered: adding inside a JDBC
 * transaction, and storing a bury reason. The raw-socket protocol client is in
 * {@link io.jobqueue.beanstalkd.client}.
 */
package io.jobqueue.beanstalkd;
