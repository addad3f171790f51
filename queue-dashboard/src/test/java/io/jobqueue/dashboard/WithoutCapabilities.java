package io.jobqueue.dashboard;

import io.jobqueue.Capability;
import io.jobqueue.Job;
import io.jobqueue.Outcome;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.Schedule;
import io.jobqueue.WorkerRecord;
import io.jobqueue.spi.AddRequest;
import io.jobqueue.spi.BuryRequest;
import io.jobqueue.spi.DeleteRequest;
import io.jobqueue.spi.EnqueueOccurrenceRequest;
import io.jobqueue.spi.HeartbeatRequest;
import io.jobqueue.spi.KickJobRequest;
import io.jobqueue.spi.KickRequest;
import io.jobqueue.spi.LimitsRequest;
import io.jobqueue.spi.LimitsStateRequest;
import io.jobqueue.spi.ListSchedulesRequest;
import io.jobqueue.spi.ListJobsRequest;
import io.jobqueue.spi.PauseRequest;
import io.jobqueue.spi.PauseStateRequest;
import io.jobqueue.spi.PeekRequest;
import io.jobqueue.spi.PeekStateRequest;
import io.jobqueue.spi.PutScheduleRequest;
import io.jobqueue.spi.QueueBackend;
import io.jobqueue.spi.ReleaseRequest;
import io.jobqueue.spi.RemoveScheduleRequest;
import io.jobqueue.spi.RemoveWorkerRequest;
import io.jobqueue.spi.ReserveRequest;
import io.jobqueue.spi.StatsRequest;
import io.jobqueue.spi.TouchRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A real backend that hides some of its capabilities, as another backend lacks them (beanstalkd cannot list jobs by
 * state, RabbitMQ cannot pause, neither keeps a worker registry,
 * schedules or limits), so the dashboard's answers to such a backend are tested on SQLite. Closing it
 * leaves the real backend open.
 */
final class WithoutCapabilities implements QueueBackend {
    private final QueueBackend real;
    private final Set<Capability> hidden;

    WithoutCapabilities(QueueBackend real, Capability... hidden) {
        this.real = real;
        this.hidden = Set.of(hidden);
    }

    @Override public Set<Capability> capabilities() {
        Set<Capability> fewer = EnumSet.copyOf(real.capabilities());
        fewer.removeAll(hidden);
        return fewer;
    }

    @Override public List<Long> add(AddRequest r) { return real.add(r); }
    @Override public List<Job> reserve(ReserveRequest r) { return real.reserve(r); }
    @Override public List<Outcome> delete(DeleteRequest r) { return real.delete(r); }
    @Override public Outcome release(ReleaseRequest r) { return real.release(r); }
    @Override public Outcome bury(BuryRequest r) { return real.bury(r); }
    @Override public Outcome touch(TouchRequest r) { return real.touch(r); }
    @Override public Outcome kickJob(KickJobRequest r) { return real.kickJob(r); }
    @Override public int kick(KickRequest r) { return real.kick(r); }
    @Override public Optional<Job> peek(PeekRequest r) { return real.peek(r); }
    @Override public Optional<Job> peek(PeekStateRequest r) { return real.peek(r); }
    @Override public PipelineStats stats(StatsRequest r) { return real.stats(r); }
    @Override public List<Job> listJobs(ListJobsRequest r) { return real.listJobs(r); }
    @Override public int maxPayloadBytes() { return real.maxPayloadBytes(); }
    @Override public void pause(PauseRequest r) { real.pause(r); }
    @Override public boolean isPaused(PauseStateRequest r) { return real.isPaused(r); }
    @Override public void heartbeat(HeartbeatRequest r) { real.heartbeat(r); }
    @Override public void removeWorker(RemoveWorkerRequest r) { real.removeWorker(r); }
    @Override public List<WorkerRecord> listWorkers() { return real.listWorkers(); }
    @Override public void setLimits(LimitsRequest r) { real.setLimits(r); }
    @Override public PipelineLimits limits(LimitsStateRequest r) { return real.limits(r); }
    @Override public Schedule putSchedule(PutScheduleRequest r) { return real.putSchedule(r); }
    @Override public boolean removeSchedule(RemoveScheduleRequest r) { return real.removeSchedule(r); }
    @Override public List<Schedule> listSchedules(ListSchedulesRequest r) { return real.listSchedules(r); }
    @Override public Optional<Long> enqueueOccurrence(EnqueueOccurrenceRequest r) { return real.enqueueOccurrence(r); }
    @Override public List<String> pipelines() { return real.pipelines(); }
    @Override public void close() { }
}
