package org.foundryrelay.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a long-running command alive until the process is told to stop (SIGTERM, Ctrl-C), then cleans up. */
final class UntilStopped {
    private UntilStopped() {}

    /** Blocks until shutdown; {@code cleanup} runs in the shutdown hook, before the process exits. */
    static int await(Runnable cleanup) {
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("relay-shutdown").unstarted(() -> {
            cleanup.run();
            stopped.countDown();
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
