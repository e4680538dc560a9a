package io.hybridwasm.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI's logging, configured in code: layout with and without trace ids, level from the property, JUL in step. */
class CliLoggingTest {

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        CliLogging logging = new CliLogging();
        logging.setContext(context);
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, logging.configure(context));
        return context;
    }

    private static String line(LoggerContext context, Map<String, String> mdc) {
        Logger logger = context.getLogger("io.hybridwasm.bridge.internal.GuestImports");
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "service 'X' is not allowed", null, null);
        event.setThreadName("main");
        event.setMDCPropertyMap(mdc);
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME)
                .getAppender("STDERR");
        return new String(stderr.getEncoder().encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void linesKeepSlf4jSimplesLayoutAndEndWithTheTraceIdsOnlyInsideATrace() {
        LoggerContext context = configured();
        String prefix = "[main] WARN  io.hybridwasm.bridge.internal.GuestImports - service 'X' is not allowed";
        assertEquals(prefix + System.lineSeparator(), line(context, Map.of()));
        assertEquals(prefix + " trace_id=e741 span_id=4f5d" + System.lineSeparator(),
                line(context, Map.of("trace_id", "e741", "span_id", "4f5d")));
    }

    @Test
    void levelComesFromTheHybridLogLevelPropertyAndJulFollows() {
        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        java.util.logging.Level julBefore = julRoot.getLevel();
        assertEquals(Level.INFO, configured().getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        System.setProperty(CliLogging.LEVEL_PROPERTY, "WARN");
        try {
            assertEquals(Level.WARN, configured().getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
            assertEquals(java.util.logging.Level.WARNING, julRoot.getLevel());
        } finally {
            System.clearProperty(CliLogging.LEVEL_PROPERTY);
            julRoot.setLevel(julBefore);
        }
    }
}
