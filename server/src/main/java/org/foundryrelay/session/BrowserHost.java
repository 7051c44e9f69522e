package org.foundryrelay.session;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.TimeoutError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's one Chromium, driven through one Playwright driver. Playwright objects are not
 * thread-safe, so one dedicated platform thread owns them and runs every browser step handed to
 * {@link #call}; the callers (request handlers on virtual threads) wait for the result. Between steps,
 * while any tab is open, the thread keeps Playwright's event stream flowing, which is what delivers
 * console lines and crash notices.
 *
 * <p>Chromium starts with the first step that needs it, stops after five idle minutes without tabs, and
 * stops with {@link #close}. Playwright never downloads a browser: it runs the configured binary. If
 * Chromium dies on its own, {@code onLost} is called on a fresh virtual thread.
 */
final class BrowserHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrowserHost.class);
    private static final long IDLE_STOP_MILLIS = 5 * 60_000;
    /** Throttled background tabs would starve the module's timers; no sandbox because relays often run as root. */
    static final List<String> CHROMIUM_ARGS = List.of("--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--enable-unsafe-swiftshader", "--no-first-run", "--disable-sync", "--disable-background-networking",
            "--disable-component-update", "--disable-default-apps", "--mute-audio", "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows");

    /** Work on the live browser; runs on the browser thread and must not call back into the host. */
    @FunctionalInterface
    interface Step<T> {
        T run(Browser browser);
    }

    private record Task<T>(Step<T> step, boolean startBrowser, CompletableFuture<T> result) {}

    private final Path chromium;
    private final Runnable onLost;
    private final BlockingQueue<Task<?>> tasks = new LinkedBlockingQueue<>();
    private final Set<Page> pumps = new LinkedHashSet<>(); // browser thread only
    private final Object admission = new Object();
    private final Thread thread;
    private volatile boolean closing;
    private Playwright playwright; // browser thread only
    private Browser browser; // browser thread only
    private boolean stopping; // browser thread only
    private long idleSince;

    BrowserHost(Path chromium, Runnable onLost) {
        this.chromium = chromium;
        this.onLost = onLost;
        this.thread = Thread.ofPlatform().daemon().name("headless-browser").start(this::loop);
    }

    /**
     * Runs {@code step} on the browser thread, starting Chromium first when needed, and waits for it.
     * Exceptions of the step are rethrown here.
     *
     * @throws LaunchException with {@link StartFailure.BrowserUnavailable} when Chromium cannot start or
     *                         the host is closing
     */
    <T> T call(Step<T> step) throws LaunchException, InterruptedException {
        return submit(step, true);
    }

    /** Like {@link #call}, but only if Chromium runs; otherwise nothing happens and the result is null. */
    <T> T ifRunning(Step<T> step) throws LaunchException, InterruptedException {
        return submit(step, false);
    }

    private <T> T submit(Step<T> step, boolean startBrowser) throws LaunchException, InterruptedException {
        var task = new Task<>(step, startBrowser, new CompletableFuture<T>());
        synchronized (admission) {
            if (closing) throw new LaunchException(new StartFailure.BrowserUnavailable("the relay is stopping"));
            tasks.add(task);
        }
        try {
            return task.result().get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case LaunchException l -> throw l;
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Keeps events of this page flowing while the host is idle; called from a step. */
    void pump(Page page) {
        pumps.add(page);
    }

    /** Called from a step when the page closes. */
    void release(Page page) {
        pumps.remove(page);
    }

    // --- the browser thread ----------------------------------------------------------------------

    private void loop() {
        while (true) {
            Task<?> task;
            try {
                task = next();
            } catch (InterruptedException e) {
                break;
            }
            if (task != null) {
                run(task);
            } else if (closing && tasks.isEmpty()) {
                break;
            } else {
                stopIfIdle();
            }
        }
        stopBrowser();
        for (Task<?> left; (left = tasks.poll()) != null; ) {
            left.result().completeExceptionally(new LaunchException(new StartFailure.BrowserUnavailable("the relay is stopping")));
        }
    }

    private Task<?> next() throws InterruptedException {
        var task = tasks.poll();
        if (task != null || closing) return task;
        Page page = null;
        for (var p : pumps) {
            if (!p.isClosed()) {
                page = p;
                break;
            }
        }
        if (page == null) return tasks.poll(500, TimeUnit.MILLISECONDS);
        try {
            page.waitForCondition(() -> !tasks.isEmpty() || closing, new Page.WaitForConditionOptions().setTimeout(1_000));
        } catch (TimeoutError e) {
            // nothing to do for a second; events were delivered meanwhile
        } catch (PlaywrightException e) {
            pumps.remove(page);
        }
        return tasks.poll();
    }

    private <T> void run(Task<T> task) {
        try {
            if (browser == null && !task.startBrowser()) {
                task.result().complete(null);
                return;
            }
            task.result().complete(task.step().run(ensureBrowser()));
        } catch (Throwable t) {
            task.result().completeExceptionally(t);
        }
    }

    private Browser ensureBrowser() throws LaunchException {
        if (browser != null) return browser;
        var debug = System.getenv("DEBUG");
        if (debug != null && debug.contains("pw:")) {
            throw new LaunchException(new StartFailure.BrowserUnavailable("the relay's DEBUG variable asks Playwright to"
                    + " print its protocol, which carries passwords; unset DEBUG"));
        }
        if (!Files.isExecutable(chromium)) {
            throw new LaunchException(new StartFailure.BrowserUnavailable("no Chromium at " + chromium
                    + " (install Debian's chromium package or set CHROMIUM_PATH)"));
        }
        try {
            if (playwright == null) {
                // The driver must never fetch a browser; DEBUG is cleared so it prints nothing of what it is sent.
                playwright = Playwright.create(new Playwright.CreateOptions()
                        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1", "DEBUG", "")));
            }
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium).setHeadless(true).setArgs(CHROMIUM_ARGS).setTimeout(60_000));
        } catch (PlaywrightException e) {
            stopBrowser();
            throw new LaunchException(new StartFailure.BrowserUnavailable("Chromium at " + chromium
                    + " did not start: " + firstLine(e.getMessage())));
        }
        var started = browser;
        started.onDisconnected(b -> lost(started));
        idleSince = 0;
        LOG.info("headless browser started: Chromium {}", started.version());
        return started;
    }

    private void lost(Browser which) {
        if (stopping || which != browser) return;
        LOG.warn("headless browser stopped unexpectedly");
        browser = null;
        pumps.clear();
        Thread.ofVirtual().name("headless-browser-lost").start(onLost);
    }

    private void stopIfIdle() {
        if (browser == null) return;
        if (!browser.contexts().isEmpty()) {
            idleSince = 0;
            return;
        }
        long now = System.currentTimeMillis();
        if (idleSince == 0) {
            idleSince = now;
        } else if (now - idleSince > IDLE_STOP_MILLIS) {
            LOG.info("headless browser idle; stopping it");
            stopBrowser();
        }
    }

    private void stopBrowser() {
        stopping = true;
        try {
            if (browser != null) browser.close();
        } catch (PlaywrightException e) {
            LOG.debug("closing the browser: {}", firstLine(e.getMessage()));
        }
        try {
            if (playwright != null) playwright.close();
        } catch (RuntimeException e) {
            LOG.debug("closing Playwright: {}", firstLine(e.getMessage()));
        }
        browser = null;
        playwright = null;
        pumps.clear();
        stopping = false;
    }

    static String firstLine(String message) {
        if (message == null) return "unknown error";
        var line = message.strip().lines().findFirst().orElse("unknown error");
        return line.length() > 300 ? line.substring(0, 300) : line;
    }

    /** Stops Chromium and the driver; steps not yet run fail. Waits up to 15 s. */
    @Override
    public void close() {
        synchronized (admission) {
            closing = true;
        }
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
