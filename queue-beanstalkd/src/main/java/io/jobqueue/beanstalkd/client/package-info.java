/**
 * A raw-socket beanstalkd client speaking the whole protocol, depending on nothing but the JDK and slf4j-api.
 *
 * <ul>
 *   <li>{@link io.jobqueue.beanstalkd.client.BeanstalkClient}: thread-safe, reconnects with backoff and
 *       restores its tubes; the class to use.</li>
 *   <li>{@link io.jobqueue.beanstalkd.client.BeanstalkConnection}: one socket, no reconnect, one thread at a
 *       time.</li>
 *   <li>{@link io.jobqueue.beanstalkd.client.BeanstalkCommands}: the protocol commands both offer.</li>
 *   <li>{@link io.jobqueue.beanstalkd.client.BeanstalkConfig}: settings, validated when built.</li>
 *   <li>{@link io.jobqueue.beanstalkd.client.BeanstalkException} and its subclasses, and
 *       {@link io.jobqueue.beanstalkd.client.ServerError} for how each server error word is reported.</li>
 * </ul>
 */
package io.jobqueue.beanstalkd.client;
