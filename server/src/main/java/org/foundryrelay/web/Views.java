package org.foundryrelay.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.foundryrelay.auth.Scope;

/** Small view models and formatting for the templates. */
public final class Views {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    /** Scopes that only read, preselected for a new key. */
    private static final Set<String> READ_ONLY = Set.of("entity:read", "roll:read", "chat:read", "encounter:read",
            "macro:list", "scene:read", "canvas:read", "effects:read", "user:read", "file:read", "world:info",
            "clients:read", "sheet:read", "events:subscribe", "search", "structure:read");
    /** Scopes that let a key run code or write files in the world. */
    private static final Set<String> DANGEROUS = Set.of("execute-js", "macro:execute", "macro:write", "file:write");

    private Views() {}

    /** One world as the worlds page lists it. */
    public record WorldRow(String clientId, String name, String worldTitle, boolean online, String lastSeen,
                           String foundryVersion, String system) {}

    /** A scope checkbox. */
    public record ScopeOption(String name, boolean checked, boolean dangerous) {}

    /** The scopes of one area (rolls, encounters...). */
    public record ScopeGroup(String area, List<ScopeOption> scopes) {}

    public static String when(Long millis) {
        return millis == null ? "never" : WHEN.format(Instant.ofEpochMilli(millis));
    }

    public static boolean dangerous(String scope) {
        return DANGEROUS.contains(scope);
    }

    /** Every scope, grouped by area; {@code only} (when not null) limits them to a requested set, all checked. */
    public static List<ScopeGroup> scopeGroups(List<String> only) {
        var groups = new LinkedHashMap<String, List<ScopeOption>>();
        for (var s : Scope.values()) {
            var name = s.wireName();
            if (only != null && !only.contains(name)) continue;
            var area = area(name);
            groups.computeIfAbsent(area, a -> new ArrayList<>())
                    .add(new ScopeOption(name, only != null || READ_ONLY.contains(name), DANGEROUS.contains(name)));
        }
        return groups.entrySet().stream().map(e -> new ScopeGroup(e.getKey(), e.getValue())).toList();
    }

    private static String area(String scope) {
        var prefix = scope.contains(":") ? scope.substring(0, scope.indexOf(':')) : scope;
        return switch (prefix) {
            case "entity", "sheet", "search", "structure" -> "Actors, items and folders";
            case "roll" -> "Rolls";
            case "chat" -> "Chat";
            case "encounter" -> "Encounters";
            case "macro", "execute-js" -> "Macros and scripts";
            case "scene", "canvas" -> "Scenes and canvas";
            case "effects" -> "Effects";
            case "user" -> "Foundry users";
            case "file" -> "Files";
            case "playlist" -> "Playlists";
            case "world", "clients" -> "World";
            case "events" -> "Live events";
            case "session" -> "Headless sessions";
            default -> "Game systems";
        };
    }
}
