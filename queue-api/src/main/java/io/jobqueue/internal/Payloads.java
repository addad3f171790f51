package io.jobqueue.internal;

import io.jobqueue.InvalidInputException;
import java.nio.charset.StandardCharsets;

/** Turns what a caller adds into bytes: bytes as they are, text as UTF-8, anything else as JSON. */
public final class Payloads {
    private Payloads() {}

    public static byte[] toBytes(Object payload, int maxBytes) {
        return toBytes(payload, maxBytes, "QueueSettings.maxPayloadBytes");
    }

    /** {@code limitSource} says whose limit {@code maxBytes} is, for the message refusing a larger payload. */
    public static byte[] toBytes(Object payload, int maxBytes, String limitSource) {
        if (payload == null) {
            throw new InvalidInputException("payload must not be null");
        }
        byte[] bytes;
        if (payload instanceof byte[] b) {
            bytes = b.clone();
        } else if (payload instanceof CharSequence s) {
            bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        } else {
            bytes = Json.write(payload);
        }
        if (bytes.length > maxBytes) {
            throw new InvalidInputException("payload is " + bytes.length + " bytes, over the limit of " + maxBytes
                    + " bytes (" + limitSource + ")");
        }
        return bytes;
    }
}
