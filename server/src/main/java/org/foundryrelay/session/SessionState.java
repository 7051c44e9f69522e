package org.foundryrelay.session;

import org.foundryrelay.foundry.WorldMeta;

/** Where a headless session is in its life: starting, running (its world connected), or ended. */
sealed interface SessionState {

    /** The browser is logging in; the world has not connected yet. */
    record Starting() implements SessionState {}

    /** The world's module connected with the session's token as {@code clientId}. */
    record Running(String clientId, WorldMeta meta) implements SessionState {}

    /** Over; {@code at} in epoch milliseconds. */
    record Ended(EndReason reason, long at) implements SessionState {}

    /** Why a session ended, with the word {@code GET /session} reports. */
    enum EndReason {
        /** {@code DELETE /end-session}. */
        REQUESTED("ended"),
        /** No request reached the world for {@code HEADLESS_SESSION_TIMEOUT}. */
        IDLE("idle"),
        /** The world's module went away and did not come back. */
        WORLD_DISCONNECTED("world-disconnected"),
        /** Chromium stopped or crashed. */
        BROWSER_LOST("browser-lost"),
        /** The start failed; the failure was the start's answer. */
        LAUNCH_FAILED("launch-failed"),
        /** The relay stopped while the session ran. */
        RELAY_STOPPED("relay-stopped"),
        /** Found still open in the store when the relay started: the relay had stopped without ending it. */
        RELAY_RESTARTED("relay-restarted"),
        /** The relay holding the session's browser left the cluster without ending it (it crashed or was killed). */
        RELAY_GONE("relay-gone");

        private final String wire;

        EndReason(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }
    }
}
