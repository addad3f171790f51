package io.jobqueue.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A small HTTP client for the tests: plain requests with chosen headers, bodies read as text or JSON. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String base;
    private final String[] headers;

    Http(String base, String... headers) {
        this.base = base;
        this.headers = headers;
    }

    Http withBasic(String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return with("Authorization", "Basic " + token);
    }

    Http with(String name, String value) {
        String[] more = java.util.Arrays.copyOf(headers, headers.length + 2);
        more[headers.length] = name;
        more[headers.length + 1] = value;
        return new Http(base, more);
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Response postJson(String path, String json) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** A multipart form: text fields, then one file field named {@code file} when {@code fileContent} is not null. */
    Response upload(String path, String name, String fileContent) {
        String boundary = "----jobqueue-test-boundary";
        StringBuilder body = new StringBuilder();
        if (name != null) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n")
                    .append(name).append("\r\n");
        }
        if (fileContent != null) {
            body.append("--").append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"file\"; filename=\"items.txt\"\r\n")
                    .append("Content-Type: text/plain\r\n\r\n").append(fileContent).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
