package io.jobqueue.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A job's payload as a person reads it: pretty JSON when it parses as JSON, text when it is UTF-8, else hex.
 *
 * @param format {@code json}, {@code text} or {@code binary}
 * @param text the payload in that format (hex for binary; cut at {@value #MAX_SHOWN} bytes)
 * @param bytes the payload's size
 * @param truncated whether {@code text} shows only the first {@value #MAX_SHOWN} bytes
 */
record PayloadView(String format, String text, int bytes, boolean truncated) {
    static final int MAX_SHOWN = 64 * 1024;

    static PayloadView of(byte[] payload) {
        boolean truncated = payload.length > MAX_SHOWN;
        String text = utf8(payload);
        if (text == null) {
            int shown = Math.min(payload.length, MAX_SHOWN);
            return new PayloadView("binary", hex(payload, shown), payload.length, truncated);
        }
        if (!truncated) {
            try {
                JsonNode node = Json.MAPPER.readTree(text);
                if (node != null && (node.isObject() || node.isArray())) {
                    return new PayloadView("json", Json.pretty(text), payload.length, false);
                }
            } catch (java.io.IOException e) {
                // not JSON: shown as text
            }
        }
        return new PayloadView("text", truncated ? text.substring(0, Math.min(text.length(), MAX_SHOWN)) : text,
                payload.length, truncated);
    }

    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Hex in lines of 16 bytes, each byte two digits and a space. */
    private static String hex(byte[] payload, int length) {
        StringBuilder out = new StringBuilder(length * 3);
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < length; i++) {
            out.append(hex.toHexDigits(payload[i]));
            out.append((i % 16 == 15 || i == length - 1) ? '\n' : ' ');
        }
        return out.toString();
    }
}
