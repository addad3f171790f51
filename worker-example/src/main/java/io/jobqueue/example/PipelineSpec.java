package io.jobqueue.example;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline and the sample handler that works it: {@code emails} (the handler named like the pipeline) or
 * {@code bulk-mail=emails} (pipeline {@code bulk-mail}, handler {@code emails}).
 */
record PipelineSpec(String pipeline, HandlerKind handler) {

    static PipelineSpec parse(String text) {
        String spec = text.strip();
        int eq = spec.indexOf('=');
        if (eq < 0) {
            return new PipelineSpec(spec, HandlerKind.named(spec));
        }
        String pipeline = spec.substring(0, eq).strip();
        if (pipeline.isEmpty()) {
            throw new UsageException("pipeline missing before '=' in '" + text + "'");
        }
        return new PipelineSpec(pipeline, HandlerKind.named(spec.substring(eq + 1).strip()));
    }

    /** A comma-separated list, for {@code --pipelines a,b}. */
    static List<PipelineSpec> parseList(String text) {
        List<PipelineSpec> specs = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                specs.add(parse(part));
            }
        }
        if (specs.isEmpty()) {
            throw new UsageException("--pipelines names no pipeline");
        }
        return specs;
    }
}
