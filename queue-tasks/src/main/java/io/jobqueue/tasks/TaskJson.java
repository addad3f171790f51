package io.jobqueue.tasks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueueException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Writes each value as JSON text of its own, through one generator: a fan-out of 100,000 items would otherwise
     * set up a generator and its buffers 100,000 times.
     */
    static List<String> writeEach(List<?> values, String what) {
        List<String> out = new ArrayList<>(values.size());
        StringWriter text = new StringWriter();
        int index = 0;
        try (JsonGenerator g = MAPPER.createGenerator(text)) {
            g.setRootValueSeparator(null);
            for (Object value : values) {
                MAPPER.writeValue(g, value);
                g.flush();
                out.add(text.toString());
                text.getBuffer().setLength(0);
                index++;
            }
        } catch (IOException e) {
            Object value = values.get(index);
            throw new InvalidInputException(what + " " + index + " of type " + (value == null ? "null"
                    : value.getClass().getName()) + " cannot be written as JSON: "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        return out;
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
