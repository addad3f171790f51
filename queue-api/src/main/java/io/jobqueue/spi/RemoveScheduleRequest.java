package io.jobqueue.spi;

/** Remove the schedule named {@code name} (checked by the facade); true if there was one. */
public record RemoveScheduleRequest(String name) {}
