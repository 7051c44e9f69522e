package org.foundryrelay.sim.protocol;

import java.time.Duration;

/**
 * Where a {@link ModuleConnection} stands, mirroring the module's socket states plus the waits and
 * dead ends of its reconnect logic.
 */
public sealed interface ConnectionStatus {

    /** Created but {@link ModuleConnection#start()} not called yet. */
    record Idle() implements ConnectionStatus {}

    /**
     * Opening the WebSocket.
     *
     * @param attempt the reconnect attempt this is (0 for the first connect or one after a success)
     */
    record Connecting(int attempt) implements ConnectionStatus {}

    /** Socket open, {@code auth} sent, waiting for {@code auth-success}. */
    record Authenticating() implements ConnectionStatus {}

    /** {@code auth-success} received: requests are served and keep-alive pings run. */
    record Connected() implements ConnectionStatus {}

    /** Disconnected, with a timer running until the next connect. */
    record Waiting(Duration delay, WaitReason reason) implements ConnectionStatus {}

    /** No further connect will happen on its own. */
    record Stopped(StopReason reason) implements ConnectionStatus {}

    /** Why a connection waits before connecting again. */
    enum WaitReason {
        /** Exponential backoff after an error or an unexpected close. */
        BACKOFF,
        /** Close 4004: another connection holds this clientId; retried on a fixed delay. */
        DUPLICATE
    }

    /** Why a connection stopped. */
    enum StopReason {
        /** {@link ModuleConnection#close()} was called. */
        CLOSED,
        /** The relay closed with 1000 (for example "Replaced by reconnect"). */
        NORMAL_CLOSURE,
        /** Close 1008, 4001 or 4002: the module treats the token as bad and forgets it. */
        AUTH_REJECTED,
        /** The reconnect attempts ran out. */
        GAVE_UP
    }

    /** A short human-readable form, e.g. {@code waiting 4s (backoff)}. */
    default String describe() {
        return switch (this) {
            case Idle i -> "idle";
            case Connecting c -> c.attempt() == 0 ? "connecting" : "connecting (attempt " + c.attempt() + ")";
            case Authenticating a -> "authenticating";
            case Connected c -> "connected";
            case Waiting w -> "waiting " + formatDelay(w.delay()) + " ("
                    + (w.reason() == WaitReason.DUPLICATE ? "duplicate clientId" : "backoff") + ")";
            case Stopped s -> "stopped (" + switch (s.reason()) {
                case CLOSED -> "closed";
                case NORMAL_CLOSURE -> "closed normally by relay";
                case AUTH_REJECTED -> "auth rejected, token forgotten";
                case GAVE_UP -> "reconnect attempts exhausted";
            } + ")";
        };
    }

    private static String formatDelay(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
