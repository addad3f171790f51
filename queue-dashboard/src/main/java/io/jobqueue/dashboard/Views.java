package io.jobqueue.dashboard;

import io.jobqueue.Job;
import io.jobqueue.PipelineLimits;
import io.jobqueue.PipelineStats;
import io.jobqueue.Schedule;
import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import io.jobqueue.tasks.Progress;
import io.jobqueue.tasks.StageState;
import io.jobqueue.tasks.Task;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the API returns for tasks, stages, jobs and pipelines: maps in a fixed key order. */
final class Views {
    private Views() {}

    static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("status", t.status().name());
        m.put("params", Json.tree(t.params()));
        m.put("result", Json.tree(t.result()));
        m.put("error", t.error());
        m.put("attempts", t.attempts());
        m.put("parentId", t.parentId());
        m.put("stage", t.stage());
        m.put("progress", progress(t.progress()));
        m.put("createdAt", time(t.createdAt()));
        m.put("updatedAt", time(t.updatedAt()));
        m.put("startedAt", time(t.startedAt()));
        m.put("finishedAt", time(t.finishedAt()));
        return m;
    }

    static Map<String, Object> task(Task t, List<StageState> stages) {
        Map<String, Object> m = task(t);
        m.put("stages", stages.stream().map(Views::stage).toList());
        return m;
    }

    static Map<String, Object> stage(StageState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", s.index());
        m.put("name", s.name());
        m.put("status", s.status().name());
        m.put("result", Json.tree(s.result()));
        m.put("progress", progress(s.progress()));
        m.put("startedAt", time(s.startedAt()));
        m.put("finishedAt", time(s.finishedAt()));
        return m;
    }

    static Map<String, Object> progress(Progress p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", p.total());
        m.put("completed", p.completed());
        m.put("failed", p.failed());
        m.put("percent", percent(p));
        return m;
    }

    /** Finished children as a whole percentage of all; 100 only when every child has finished. */
    static int percent(Progress p) {
        if (p.total() == 0) {
            return 0;
        }
        return (int) Math.min(p.finished() == p.total() ? 100 : 99, p.finished() * 100 / p.total());
    }

    static Map<String, Object> job(Job j) {
        PayloadView payload = PayloadView.of(j.payload());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", j.id());
        m.put("pipeline", j.pipeline());
        m.put("state", j.state().name());
        m.put("priority", j.priority());
        m.put("ttrMs", j.ttr().toMillis());
        m.put("reserves", j.reserves());
        m.put("createdAt", time(j.createdAt()));
        m.put("error", j.lastError());
        m.put("payloadFormat", payload.format());
        m.put("payload", payload.text());
        m.put("payloadBytes", payload.bytes());
        m.put("payloadTruncated", payload.truncated());
        return m;
    }

    /** A pipeline's counts; {@code limits} null (the backend has none) leaves the key out. */
    static Map<String, Object> pipeline(PipelineStats s, boolean paused, PipelineLimits limits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.pipeline());
        m.put("paused", paused);
        m.put("ready", s.ready());
        m.put("delayed", s.delayed());
        m.put("reserved", s.reserved());
        m.put("buried", s.buried());
        m.put("total", s.total());
        if (limits != null) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("maxRunning", limits.maxRunning());
            l.put("maxStartedPerSecond", limits.maxStartedPerSecond());
            m.put("limits", l);
        }
        return m;
    }

    static Map<String, Object> schedule(Schedule s) {
        PayloadView payload = PayloadView.of(s.payload());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("recurrence", s.recurrence().toString());
        m.put("zone", s.zone().getId());
        m.put("pipeline", s.pipeline());
        m.put("priority", s.priority());
        m.put("ttrMs", s.ttr().toMillis());
        m.put("nextRunAt", time(s.nextRunAt()));
        m.put("payloadFormat", payload.format());
        m.put("payload", payload.text());
        m.put("payloadBytes", payload.bytes());
        m.put("payloadTruncated", payload.truncated());
        return m;
    }

    static Map<String, Object> worker(WorkerRecord r) {
        WorkerInfo w = r.worker();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("alive", r.alive());
        m.put("host", w.host());
        m.put("pid", w.pid());
        m.put("pipelines", w.pipelines());
        m.put("handlers", w.handlers());
        m.put("busyHandlers", w.busyHandlers());
        m.put("succeeded", w.succeeded());
        m.put("failed", w.failed());
        m.put("started", time(w.started()));
        m.put("lastSeen", time(r.lastSeen()));
        m.put("heartbeatIntervalMs", w.heartbeatInterval().toMillis());
        m.put("deadAfterMs", w.deadAfter().toMillis());
        return m;
    }

    static String time(Instant at) {
        return at == null ? null : at.toString();
    }
}
