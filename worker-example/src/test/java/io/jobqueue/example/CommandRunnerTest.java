package io.jobqueue.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {
    private final CommandRunner runner = new CommandRunner(Duration.ofSeconds(10));

    @Test
    void runs_a_program_with_its_arguments_as_given_and_captures_its_output() throws Exception {
        CommandResult result = runner.run(List.of("/bin/echo", "hello", "$HOME", "a b", "; rm -rf /"));

        assertTrue(result.succeeded(), result.toString());
        assertEquals(0, result.exitCode());
        assertFalse(result.timedOut());
        assertEquals("hello $HOME a b ; rm -rf /\n", result.stdout(), "no shell: nothing is expanded or split");
        assertEquals("", result.stderr());
        assertFalse(result.stdoutTruncated());
        assertEquals(List.of("/bin/echo", "hello", "$HOME", "a b", "; rm -rf /"), result.command());
    }

    @Test
    void keeps_the_exit_code_and_standard_error_apart() throws Exception {
        CommandResult result = runner.run(List.of("/bin/sh", "-c", "echo out; echo oops >&2; exit 3"));

        assertEquals(3, result.exitCode());
        assertFalse(result.succeeded());
        assertFalse(result.timedOut());
        assertEquals("out\n", result.stdout());
        assertEquals("oops\n", result.stderr());
    }

    @Test
    void a_program_past_its_timeout_is_killed_and_reported_as_timed_out() throws Exception {
        CommandRunner quick = new CommandRunner(Duration.ofMillis(300));
        long start = System.nanoTime();

        CommandResult result = quick.run(List.of("/bin/sh", "-c", "echo started; sleep 5"));

        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(result.timedOut(), result.toString());
        assertFalse(result.succeeded());
        assertEquals("started\n", result.stdout(), "what it wrote before the kill is kept");
        assertTrue(tookMs < 3_000, "returned after " + tookMs + " ms");
        assertTrue(result.took().toMillis() >= 300, result.took().toString());
    }

    @Test
    void a_timeout_kills_the_processes_the_program_started_too() throws Exception {
        Path pidFile = TestFiles.freshDir("command-tree").resolve("sleeper.pid");
        CommandRunner quick = new CommandRunner(Duration.ofMillis(500));

        CommandResult result = quick.run(List.of("/bin/sh", "-c", "sleep 30 & echo $! > \"$0\"; wait", pidFile.toString()));

        assertTrue(result.timedOut(), result.toString());
        long sleeper = Long.parseLong(Files.readString(pidFile).strip());
        Optional<ProcessHandle> handle = ProcessHandle.of(sleeper);
        if (handle.isPresent()) {
            handle.get().onExit().get(); // killed: it exits promptly (the test times out otherwise)
        }
        assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false), "sleep " + sleeper);
    }

    @Test
    void output_beyond_the_bound_is_read_to_the_end_but_not_kept() throws Exception {
        // 1 MB on stdout and 200 KB on stderr: far more than a pipe buffer, so a runner that stopped
        // reading would leave the program blocked until the timeout.
        CommandResult result = runner.run(List.of("/bin/sh", "-c",
                "head -c 1000000 /dev/zero | tr '\\0' x; head -c 200000 /dev/zero | tr '\\0' y >&2"));

        assertTrue(result.succeeded(), result.toString().substring(0, 200));
        assertEquals(CommandRunner.DEFAULT_MAX_CAPTURE_BYTES, result.stdout().length());
        assertTrue(result.stdout().chars().allMatch(c -> c == 'x'));
        assertTrue(result.stdoutTruncated());
        assertEquals(CommandRunner.DEFAULT_MAX_CAPTURE_BYTES, result.stderr().length());
        assertTrue(result.stderrTruncated());
        assertTrue(result.took().toMillis() < 5_000, result.took().toString());
    }

    @Test
    void a_bound_can_be_set_and_output_within_it_is_not_truncated() throws Exception {
        CommandRunner small = new CommandRunner(Duration.ofSeconds(5), 4);

        CommandResult cut = small.run(List.of("/bin/echo", "abcdefgh"));
        CommandResult whole = small.run(List.of("/bin/echo", "abc"));

        assertEquals("abcd", cut.stdout());
        assertTrue(cut.stdoutTruncated());
        assertEquals("abc\n", whole.stdout());
        assertFalse(whole.stdoutTruncated());
    }

    @Test
    void a_missing_or_unrunnable_program_is_a_clear_error() throws Exception {
        CommandException e = assertThrows(CommandException.class,
                () -> runner.run(List.of("no-such-program-jobqueue", "x")));
        assertEquals("cannot run 'no-such-program-jobqueue': No such file or directory", e.getMessage());

        Path plain = Files.writeString(TestFiles.freshDir("command-plain").resolve("data.txt"), "not a program\n");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        CommandException notExecutable = assertThrows(CommandException.class,
                () -> runner.run(List.of(plain.toString())));
        assertEquals("cannot run '" + plain + "': Permission denied", notExecutable.getMessage());
    }

    @Test
    void bad_commands_and_settings_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of()));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of("/bin/echo", "a\0b")));
        assertThrows(IllegalArgumentException.class, () -> new CommandRunner(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new CommandRunner(Duration.ofSeconds(1), -1));
    }
}
