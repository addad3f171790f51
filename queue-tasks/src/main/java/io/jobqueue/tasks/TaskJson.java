package io.jobqueue.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueueException;

/** Params and results as JSON text, through one shared Jackson mapper. */
final class TaskJson {
    static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private TaskJson() {}

    static String write(Object value, String what) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(what + " of type " + value.getClass().getName()
                    + " cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new JobQueueException("JSON cannot be read into " + type.getName() + ": " + e.getOriginalMessage(),
                    e);
        }
    }
}
