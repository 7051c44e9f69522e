package org.foundryrelay.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;

/**
 * The relay's logging, set up in code (found by logback through {@code META-INF/services}) instead of a
 * logback.xml: reading the XML costs a few hundred milliseconds of start-up. Logs go to stderr, so
 * command output on stdout (a new key, a pairing code) stays clean, through a queue that never blocks a
 * request. {@code LOG_LEVEL} sets the level (INFO), {@code REQUEST_LOG_LEVEL=WARN} silences the
 * per-request lines. A {@code logback-test.xml} on the class path or {@code -Dlogback.configurationFile}
 * still wins.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    private static final Map<String, Level> QUIET = Map.of("org.flywaydb", Level.WARN, "com.zaxxer.hikari", Level.WARN,
            "org.eclipse.jetty", Level.WARN, "io.javalin", Level.WARN,
            // Javalin logs a failed start before throwing; the relay reports it itself in one line.
            "io.javalin.Javalin", Level.OFF);

    public LogSetup() {
        // found and instantiated by logback's service loader
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX} %-5level %logger{0} %msg%n");
        encoder.start();
        var console = new ConsoleAppender<ILoggingEvent>();
        console.setContext(context);
        console.setName("STDERR");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        var async = new AsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        async.setNeverBlock(true);
        async.setQueueSize(8192);
        async.addAppender(console);
        async.start();
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        context.getLogger("request").setLevel(level("REQUEST_LOG_LEVEL"));
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level("LOG_LEVEL"));
        root.addAppender(async);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    // As logback.xml's ${NAME:-INFO}: a system property, else the environment, else INFO.
    private static Level level(String name) {
        var value = System.getProperty(name, System.getenv(name));
        return Level.toLevel(value, Level.INFO);
    }
}
