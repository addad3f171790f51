package io.jobqueue.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;

/** JSON in and out of the API, with one mapper. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response as JSON", e);
        }
    }

    /** The request body as a JSON tree. */
    static JsonNode body(Context ctx) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw ApiError.badRequest("the request body must be JSON, got nothing");
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Stored JSON text as a tree, so it nests in a response as JSON rather than as a quoted string. */
    static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.getNodeFactory().textNode(json);
        }
    }

    /** Stored JSON text indented for reading, or the text as it is when it is not JSON. */
    static String pretty(String json) {
        if (json == null) {
            return "";
        }
        try {
            return PRETTY.writeValueAsString(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
