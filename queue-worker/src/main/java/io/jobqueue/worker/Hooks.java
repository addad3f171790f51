package io.jobqueue.worker;

import io.jobqueue.Job;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the {@link BatchHooks} of the registered handlers that implement them, each with its own jobs. */
final class Hooks {
    private static final Logger log = LoggerFactory.getLogger(Hooks.class);

    /** The hooks of each pipeline whose handler has them. */
    private final Map<String, BatchHooks> byPipeline = new HashMap<>();

    Hooks(Map<String, JobHandler> handlers) {
        handlers.forEach((pipeline, handler) -> {
            if (handler instanceof BatchHooks hooks) {
                byPipeline.put(pipeline, hooks);
            }
        });
    }

    /** Calls each handler's {@link BatchHooks#beforeDelete}; the first failure is thrown, after trying them all. */
    void beforeDelete(List<Job> jobs) throws Exception {
        Exception first = null;
        for (Map.Entry<BatchHooks, List<Job>> each : group(jobs).entrySet()) {
            try {
                each.getKey().beforeDelete(each.getValue());
            } catch (Exception | Error thrown) { // an Error too: it must not end the acknowledger's thread
                Exception e = thrown instanceof Exception x ? x : new Exception(thrown.toString(), thrown);
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Calls {@link BatchHooks#dropped} for the job, if its handler has hooks. */
    void dropped(Job job) {
        BatchHooks hooks = byPipeline.get(job.pipeline());
        if (hooks == null) {
            return;
        }
        try {
            hooks.dropped(job);
        } catch (RuntimeException e) {
            log.warn("the handler of job {} ({}) failed to let go of it", job.id(), job.pipeline(), e);
        }
    }

    /** The jobs of each handler with hooks, in the order given; one entry per handler object. */
    private Map<BatchHooks, List<Job>> group(List<Job> jobs) {
        if (byPipeline.isEmpty()) {
            return Map.of(); // no handler has hooks: nothing to look up per job
        }
        Map<BatchHooks, List<Job>> groups = new IdentityHashMap<>();
        for (Job job : jobs) {
            BatchHooks hooks = byPipeline.get(job.pipeline());
            if (hooks != null) {
                groups.computeIfAbsent(hooks, h -> new ArrayList<>()).add(job);
            }
        }
        return groups;
    }
}
