package org.foundryrelay.routes;

import java.util.List;

/**
 * The relay's own screen for JavaScript sent to a world ({@code /execute-js}, script macros created through
 * {@code /create}): text patterns that reach browser storage, credentials, dynamic code or the module's
 * settings are refused before anything is sent, with the text clients already know.
 */
final class Scripts {
    private Scripts() {}

    static final String FORBIDDEN = "Script contains forbidden patterns";

    private static final List<String> PATTERNS = List.of("localStorage", "sessionStorage", "document.cookie", "eval(",
            "new Worker(", "new SharedWorker(", "__proto__", "atob(", "btoa(", "crypto.", "Intl.", "postMessage(",
            "XMLHttpRequest", "importScripts(", "apiKey", "privateKey", "password", "Function(", "Function.constructor",
            "globalThis", "game.settings.set", "Reflect.", "Proxy", "import(");

    /** True when {@code script} contains any refused pattern. */
    static boolean forbidden(String script) {
        for (var p : PATTERNS) if (script.contains(p)) return true;
        return false;
    }
}
