package io.jobqueue.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobqueue.JobQueue;
import io.jobqueue.worker.Worker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the shipped configs for the settings the workers rely on, without running supervisord. */
class ShippedConfigTest {

    private final Path conf = Path.of(System.getProperty("jobqueue.supervisorConf", "conf"));

    @Test
    void every_program_stops_gracefully_restarts_and_rotates_its_logs() throws Exception {
        Map<String, Map<String, String>> sections =
                ProgramConfig.read(conf.resolve("jobqueue-workers.conf")).sections();
        assertFalse(sections.isEmpty());
        for (Map.Entry<String, Map<String, String>> section : sections.entrySet()) {
            String name = section.getKey();
            Map<String, String> p = section.getValue();
            assertTrue(name.startsWith("program:jobqueue-"), name);
            assertEquals("%(program_name)s_%(process_num)02d", p.get("process_name"), name);
            assertTrue(Integer.parseInt(p.get("numprocs")) >= 1, name);
            assertEquals("TERM", p.get("stopsignal"), name);
            assertEquals("true", p.get("autorestart"), name);
            assertTrue(Integer.parseInt(p.get("startsecs")) > 0, name);
            assertFalse(p.get("command").contains("--url"),
                    name + ": the worker reads JOBQUEUE_URL itself, so a password never shows in ps");
            assertEquals("work", ProgramConfig.workerArguments(p).get(0), name);
            int shutdownTimeout = Integer.parseInt(ProgramConfig.workerOption(p, "shutdown-timeout"));
            Duration longest = longestShutdown(Duration.ofSeconds(shutdownTimeout));
            assertTrue(Duration.ofSeconds(Integer.parseInt(p.get("stopwaitsecs"))).compareTo(longest) > 0,
                    name + ": stopwaitsecs must exceed the worker's whole shutdown (" + longest
                            + "), or supervisord kills it midway");
            for (String stream : new String[] {"stdout", "stderr"}) {
                assertTrue(p.get(stream + "_logfile").startsWith(ProgramConfig.SHIPPED_LOGS), name);
                assertTrue(p.containsKey(stream + "_logfile_maxbytes"), name);
                assertTrue(Integer.parseInt(p.get(stream + "_logfile_backups")) > 0, name);
            }
        }
    }

    /** What the runtime says its shutdown can take, for the worker the program runs (default reserve timeout). */
    private static Duration longestShutdown(Duration shutdownTimeout) {
        try (JobQueue queue = JobQueue.connect("jdbc:sqlite::memory:");
                Worker worker = Worker.builder(queue).registerWorker("any", job -> { })
                        .shutdownTimeout(shutdownTimeout).build()) {
            return worker.longestShutdown();
        }
    }

    @Test
    void the_standalone_supervisord_config_includes_the_programs() throws Exception {
        Map<String, Map<String, String>> sections = ProgramConfig.read(conf.resolve("supervisord.conf")).sections();
        assertEquals("jobqueue-workers.conf", sections.get("include").get("files"));
        String socket = sections.get("unix_http_server").get("file");
        assertEquals("unix://" + socket, sections.get("supervisorctl").get("serverurl"));
        assertTrue(sections.containsKey("rpcinterface:supervisor"));
    }
}
