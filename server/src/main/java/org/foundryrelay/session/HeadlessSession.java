package org.foundryrelay.session;

import java.util.concurrent.CompletableFuture;
import org.foundryrelay.foundry.WorldRef;

/**
 * One headless session: the target it logs into, the connection token minted for it, its tab and its
 * state. State changes are synchronized; the tab is only used inside browser steps.
 */
final class HeadlessSession {
    final String id;
    final String accountId;
    final String tokenId;
    final String instanceId;
    final FoundryTarget target;
    final String launchKey;
    final long startedAt;
    /** Where the tab's console goes, or null when it is not captured. */
    final ConsoleCapture console;
    /** Completes with the session once it runs, or exceptionally with a {@link LaunchException}. */
    final CompletableFuture<HeadlessSession> ready = new CompletableFuture<>();
    /** Completes when the world's module connects with the session's token, here or on another relay. */
    final CompletableFuture<WorldRef> module = new CompletableFuture<>();

    private volatile long lastActivity;
    private SessionState state = new SessionState.Starting();
    private Tab tab;

    HeadlessSession(String id, String accountId, String tokenId, String instanceId, FoundryTarget target,
                    ConsoleCapture console, long now) {
        this.id = id;
        this.accountId = accountId;
        this.tokenId = tokenId;
        this.instanceId = instanceId;
        this.target = target;
        this.launchKey = target.launchKey(accountId);
        this.console = console;
        this.startedAt = now;
        this.lastActivity = now;
    }

    synchronized SessionState state() {
        return state;
    }

    synchronized boolean isEnded() {
        return state instanceof SessionState.Ended;
    }

    /** The running world's client id, or null. */
    synchronized String clientId() {
        return state instanceof SessionState.Running r ? r.clientId() : null;
    }

    long lastActivity() {
        return lastActivity;
    }

    void touch(long now) {
        lastActivity = now;
    }

    /** Keeps the tab unless the session already ended (the caller must then close it). */
    synchronized boolean attach(Tab opened) {
        if (isEnded()) return false;
        this.tab = opened;
        return true;
    }

    synchronized Tab tab() {
        return tab;
    }

    /** Starting → running; false when the session ended meanwhile. */
    synchronized boolean run(WorldRef world) {
        if (!(state instanceof SessionState.Starting)) return false;
        state = new SessionState.Running(world.clientId(), world.meta());
        return true;
    }

    /**
     * Ends the session, once.
     *
     * @return the state it left and the tab to close, or null when it had already ended
     */
    synchronized Ended end(SessionState.EndReason reason, long at) {
        if (state instanceof SessionState.Ended) return null;
        var previous = state;
        state = new SessionState.Ended(reason, at);
        var t = tab;
        tab = null;
        return new Ended(previous, t);
    }

    /** What {@link #end} hands back: the state it left and the tab to close. */
    record Ended(SessionState previous, Tab tab) {}
}
