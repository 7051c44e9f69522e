package org.foundryrelay.sim.protocol;

/** What the module does when its socket closes with a given code. */
public enum CloseReaction {
    /** Stay disconnected, keep the token (1000: normal, including "Replaced by reconnect"). */
    STOP,
    /** Permanent auth failure: stay disconnected and forget the token (1008, 4001, 4002). */
    FORGET_TOKEN,
    /** Another connection owns the clientId (4004): retry after the fixed duplicate delay. */
    RETRY_LATER,
    /** Anything else, including failed connects: reconnect with backoff. */
    RECONNECT;

    public static final int NORMAL = 1000;
    /** Not sent on the wire; stands for "the connection dropped or never opened". */
    public static final int ABNORMAL = 1006;
    public static final int POLICY_VIOLATION = 1008;
    public static final int NO_CLIENT_ID = 4001;
    public static final int NO_AUTH = 4002;
    public static final int DUPLICATE_CONNECTION = 4004;

    /** The module's reaction to close {@code code}. */
    public static CloseReaction forCode(int code) {
        return switch (code) {
            case NORMAL -> STOP;
            case POLICY_VIOLATION, NO_CLIENT_ID, NO_AUTH -> FORGET_TOKEN;
            case DUPLICATE_CONNECTION -> RETRY_LATER;
            default -> RECONNECT;
        };
    }
}
