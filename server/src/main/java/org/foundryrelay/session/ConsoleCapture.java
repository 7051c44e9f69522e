package org.foundryrelay.session;

import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one session tab's browser console to {@code DATA_DIR/browser-logs/<name>.log}, for debugging a
 * world that misbehaves headless. The name is built from the world (or host), the user, the time and the
 * session id, reduced to letters, digits, dots, dashes and underscores, so nothing a caller sends can
 * steer the path. The file is readable by the relay's user only and stops growing at 10 MB. Runs on the
 * browser thread (Playwright delivers console events there).
 */
final class ConsoleCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleCapture.class);
    private static final long MAX_BYTES = 10L * 1024 * 1024;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    static final String FOLDER = "browser-logs";

    /** What is kept: {@code error} (errors and uncaught exceptions), {@code warn} (also warnings), {@code debug} (all). */
    enum Level {
        ERROR, WARN, DEBUG;

        static Optional<Level> parse(String value) {
            if (value == null) return Optional.empty();
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "error" -> Optional.of(ERROR);
                case "warn", "warning" -> Optional.of(WARN);
                case "debug" -> Optional.of(DEBUG);
                default -> Optional.empty();
            };
        }

        boolean keeps(String consoleType) {
            return switch (this) {
                case ERROR -> consoleType.equals("error");
                case WARN -> consoleType.equals("error") || consoleType.equals("warning");
                case DEBUG -> true;
            };
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Level level;
    private final Path file;
    private final String relativeName;
    private Writer out;
    private long written;

    private ConsoleCapture(Level level, Path file, String relativeName) {
        this.level = level;
        this.file = file;
        this.relativeName = relativeName;
    }

    /** Chooses the file name; nothing is created until {@link #attach}. */
    static ConsoleCapture plan(Path dataDir, Level level, FoundryTarget target, String sessionId, Instant now) {
        var world = target.worldName() != null ? target.worldName() : target.url().getHost();
        var name = "headless_" + part(world) + "_" + part(target.username()) + "_" + STAMP.format(now) + "_"
                + sessionId.substring(0, 8) + ".log";
        return new ConsoleCapture(level, dataDir.resolve(FOLDER).resolve(name), FOLDER + "/" + name);
    }

    /** The file's path relative to {@code DATA_DIR}, as sessions list it. */
    String relativeName() {
        return relativeName;
    }

    Level level() {
        return level;
    }

    /** Opens the file and starts recording the page's console. */
    void attach(Page page) {
        try {
            Files.createDirectories(file.getParent());
            out = Files.newBufferedWriter(createPrivate(file), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            line("capture", "console capture at level " + level.wire());
        } catch (IOException e) {
            LOG.warn("cannot write the browser console to {}: {}", relativeName, e.getMessage());
            out = null;
            return;
        }
        page.onConsoleMessage(this::console);
        page.onPageError(error -> line("exception", error));
    }

    private static Path createPrivate(Path file) throws IOException {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return file;
        }
    }

    private void console(ConsoleMessage message) {
        if (level.keeps(message.type())) line(message.type(), message.text());
    }

    private void line(String type, String text) {
        if (out == null) return;
        var entry = "[" + Instant.now() + "] [" + type + "] " + text + "\n";
        try {
            if (written + entry.length() > MAX_BYTES) {
                out.write("[" + Instant.now() + "] [capture] size limit reached; nothing more is recorded\n");
                out.close();
                out = null;
                return;
            }
            out.write(entry);
            out.flush();
            written += entry.length();
        } catch (IOException e) {
            LOG.warn("browser console capture {} stopped: {}", relativeName, e.getMessage());
            out = null;
        }
    }

    @Override
    public void close() {
        if (out == null) return;
        line("capture", "session ended");
        try {
            if (out != null) out.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", relativeName, e.getMessage());
        }
        out = null;
    }

    /** Letters, digits, dot, dash and underscore only; no leading dot; at most 40 characters. */
    static String part(String value) {
        var cleaned = value == null ? "" : value.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (cleaned.length() > 40) cleaned = cleaned.substring(0, 40);
        return cleaned.isEmpty() ? "x" : cleaned;
    }
}
