package io.hybridwasm.examples.cli;

import io.hybridwasm.services.HybridServerBuilder;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hybrid serve --max-queued-calls}: the builder's default unless given, and a negative value named. */
class ServeQueueFlagTest {

    private static ServeCommand parsed(String... args) {
        ServeCommand serve = new ServeCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void defaultsToTheServersDefaultAndTakesAValue() {
        assertEquals(HybridServerBuilder.DEFAULT_MAX_QUEUED_CALLS, parsed().maxQueuedCalls);
        assertEquals(8, parsed("--max-queued-calls", "8").maxQueuedCalls);
    }

    @Test
    void aNegativeQueueIsRefusedNamingTheFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parsed("--port", "0", "--max-queued-calls", "-1").start());
        assertTrue(e.getMessage().startsWith("--max-queued-calls -1"), e.getMessage());
    }
}
