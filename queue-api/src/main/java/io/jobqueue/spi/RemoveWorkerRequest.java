package io.jobqueue.spi;

/** Remove a worker's record: it stopped cleanly. Removing an unknown id changes nothing. */
public record RemoveWorkerRequest(String id) {}
