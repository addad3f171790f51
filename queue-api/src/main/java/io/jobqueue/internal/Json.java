package io.jobqueue.internal;

import io.jobqueue.InvalidInputException;
import io.jobqueue.JobQueueException;
import java.io.IOException;

/** JSON through Jackson, loaded only when a caller uses an object payload (Jackson is optional). */
public final class Json {
    private Json() {}

    public static byte[] write(Object value) {
        try {
            return Holder.MAPPER.writeValueAsBytes(value);
        } catch (NoClassDefFoundError e) {
            throw missingJackson(e);
        } catch (IOException e) {
            throw new InvalidInputException("payload of type " + value.getClass().getName()
                    + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return Holder.MAPPER.readValue(json, type);
        } catch (NoClassDefFoundError e) {
            throw missingJackson(e);
        } catch (IOException e) {
            throw new JobQueueException("payload cannot be read as JSON into " + type.getName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static JobQueueException missingJackson(Throwable e) {
        return new JobQueueException("object payloads need Jackson: add com.fasterxml.jackson.core:jackson-databind", e);
    }

    private static final class Holder {
        static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
                new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
    }
}
