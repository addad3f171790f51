package io.jobqueue.example;

/** The payload of an {@code emails} job, as JSON: {@code {"to": ..., "subject": ..., "body": ...}}. */
public record EmailMessage(String to, String subject, String body) {}
