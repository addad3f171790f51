package io.jobqueue.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checks the shipped configs for the settings the workers rely on, without running supervisord. */
class ShippedConfigTest {
    /**
     * What a worker's shutdown may take beyond its --shutdown-timeout: the last reserve (1 s), the reserve loop's
     * grace (10 s), interrupted handlers (1 s) and the final deletes (5 s).
     */
    static final int SHUTDOWN_OVERHEAD_SECONDS = 17;

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
            assertEquals("%(ENV_JOBQUEUE_URL)s", ProgramConfig.workerOption(p, "url"), name);
            assertEquals("work", ProgramConfig.workerArguments(p).get(0), name);
            int shutdownTimeout = Integer.parseInt(ProgramConfig.workerOption(p, "shutdown-timeout"));
            assertTrue(Integer.parseInt(p.get("stopwaitsecs")) > shutdownTimeout + SHUTDOWN_OVERHEAD_SECONDS,
                    name + ": stopwaitsecs must exceed the worker's whole shutdown, or supervisord kills it midway");
            for (String stream : new String[] {"stdout", "stderr"}) {
                assertTrue(p.get(stream + "_logfile").startsWith(ProgramConfig.SHIPPED_LOGS), name);
                assertTrue(p.containsKey(stream + "_logfile_maxbytes"), name);
                assertTrue(Integer.parseInt(p.get(stream + "_logfile_backups")) > 0, name);
            }
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
