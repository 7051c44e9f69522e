package org.foundryrelay.sim.world;

/**
 * The module's world settings as the simulator keeps them: a {@code settings} object in the document
 * tree ({@code allowExecuteJs}, {@code allowMacroExecute}, {@code allowMacroWrite},
 * {@code codeExecutionPermission}), so a test can flip one with {@link World#setting}.
 */
public final class Settings {
    private Settings() {}

    /** A boolean setting; true when the world does not set it (the simulator's worlds allow everything). */
    public static boolean enabled(Documents documents, String key) {
        var v = documents.read().path("settings").get(key);
        return v == null || v.asBoolean(true);
    }

    /** A numeric setting, or {@code fallback}. */
    public static int number(Documents documents, String key, int fallback) {
        var v = documents.read().path("settings").get(key);
        return v == null || !v.isNumber() ? fallback : v.intValue();
    }
}
