package io.hybridwasm.examples.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The CLI's logging, set up in code rather than from a {@code logback.xml}: logback's XML
 * configurator (Joran plus the JDK's XML parser, some 600 classes) took a tenth of a one-shot
 * {@code hybrid run}, and every run initialises logging at least once, since
 * {@code Runtime.exit} asks the platform logger whether to log. stderr, INFO and up
 * ({@code -Dhybrid.log.level=DEBUG} for more), slf4j-simple's layout; a line written inside a
 * traced call ends with its {@code trace_id} and {@code span_id} (MDC). JUL levels follow
 * logback's, so grpc-java's disabled JUL records cost nothing. Found by logback through
 * {@code META-INF/services}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class CliLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "[%thread] %-5level %logger - %msg"
            + "%replace( trace_id=%X{trace_id} span_id=%X{span_id}){' trace_id= span_id=$', ''}%n";
    static final String LEVEL_PROPERTY = "hybrid.log.level";

    /** For {@link java.util.ServiceLoader}. */
    public CliLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LevelChangePropagator julLevels = new LevelChangePropagator();
        julLevels.setContext(context);
        julLevels.setResetJUL(true);
        julLevels.start();
        context.addListener(julLevels);

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.INFO));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
