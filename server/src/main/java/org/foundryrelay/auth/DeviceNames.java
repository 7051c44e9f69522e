package org.foundryrelay.auth;

/**
 * A readable name for the browser a GM paired from, such as "Firefox on Linux", so an operator listing
 * tokens can tell them apart. Only a handful of well-known markers are looked at; anything else falls back
 * to a neutral name.
 */
final class DeviceNames {
    static final String FALLBACK = "Foundry world";

    private DeviceNames() {}

    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) return FALLBACK;
        var browser = browser(userAgent);
        var os = os(userAgent);
        if (browser == null && os == null) return FALLBACK;
        if (os == null) return browser;
        return (browser == null ? "Browser" : browser) + " on " + os;
    }

    // Order matters: most browsers also claim to be Chrome and Safari, so the specific markers come first.
    private static String browser(String ua) {
        if (ua.contains("Electron/") || ua.contains("FoundryVirtualTabletop")) return "Foundry app";
        if (ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/") || ua.contains("Edge/")) return "Edge";
        if (ua.contains("OPR/") || ua.contains("Opera")) return "Opera";
        if (ua.contains("Vivaldi/")) return "Vivaldi";
        if (ua.contains("Firefox/") || ua.contains("FxiOS/")) return "Firefox";
        if (ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/")) return "Chrome";
        if (ua.contains("Safari/")) return "Safari";
        return null;
    }

    // iOS and Android user agents also mention "Mac OS X" and "Linux", so they are checked first.
    private static String os(String ua) {
        if (ua.contains("Windows")) return "Windows";
        if (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iPod")) return "iOS";
        if (ua.contains("Android")) return "Android";
        if (ua.contains("CrOS")) return "ChromeOS";
        if (ua.contains("Macintosh") || ua.contains("Mac OS X")) return "macOS";
        if (ua.contains("Linux")) return "Linux";
        return null;
    }
}
