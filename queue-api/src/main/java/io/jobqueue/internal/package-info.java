/**
 * Internal to jobqueue: helpers shared by the library's own modules (payload encoding, pipeline name rules,
 * JSON). Not part of the API: anything here may change or go in any release without notice. No public type
 * of {@code io.jobqueue} or {@code io.jobqueue.spi} exposes a type of this package; applications and
 * third-party backends must not use it.
 */
package io.jobqueue.internal;
