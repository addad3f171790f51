package io.jobqueue.example.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.Job;
import io.jobqueue.PipelineLimits;
import io.jobqueue.Recurrence;
import io.jobqueue.Schedule;
import io.jobqueue.WorkerInfo;
import io.jobqueue.WorkerRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON the commands print: plain maps with fixed keys, times as ISO-8601 text, durations in seconds, states in
 * lower case. A payload that is UTF-8 text is {@code payload}; any other is {@code payloadBase64}.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> job(Job job) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", job.id());
        map.put("pipeline", job.pipeline());
        map.put("state", job.state().name().toLowerCase(Locale.ROOT));
        map.put("priority", job.priority());
        map.put("ttrSeconds", job.ttr().toSeconds());
        map.put("reserves", job.reserves());
        map.put("createdAt", job.createdAt().toString());
        map.put("lastError", job.lastError());
        putPayload(map, job.payload());
        return map;
    }

    static Map<String, Object> limits(PipelineLimits limits) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("maxRunning", limits.maxRunning());
        map.put("maxStartedPerSecond", limits.maxStartedPerSecond());
        return map;
    }

    static Map<String, Object> worker(WorkerRecord record) {
        WorkerInfo w = record.worker();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", w.id());
        map.put("alive", record.alive());
        map.put("host", w.host());
        map.put("pid", w.pid());
        map.put("pipelines", w.pipelines());
        map.put("handlers", w.handlers());
        map.put("busyHandlers", w.busyHandlers());
        map.put("succeeded", w.succeeded());
        map.put("failed", w.failed());
        map.put("started", w.started().toString());
        map.put("lastSeen", record.lastSeen().toString());
        return map;
    }

    static Map<String, Object> schedule(Schedule s) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", s.name());
        if (s.recurrence() instanceof Recurrence.Cron cron) {
            map.put("cron", cron.expression());
        } else if (s.recurrence() instanceof Recurrence.Interval interval) {
            map.put("everySeconds", interval.period().toMillis() / 1000.0);
        }
        map.put("zone", s.zone().getId());
        map.put("pipeline", s.pipeline());
        map.put("nextRunAt", s.nextRunAt().toString());
        map.put("priority", s.priority());
        map.put("ttrSeconds", s.ttr().toSeconds());
        putPayload(map, s.payload());
        return map;
    }

    private static void putPayload(Map<String, Object> map, byte[] payload) {
        try {
            map.put("payload", StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            map.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        }
    }
}
