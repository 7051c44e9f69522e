package org.foundryrelay.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The permissions a scoped API key can carry, with the names clients already use. */
public enum Scope {
    ENTITY_READ("entity:read"), ENTITY_WRITE("entity:write"), ROLL_READ("roll:read"), ROLL_EXECUTE("roll:execute"),
    CHAT_READ("chat:read"), CHAT_WRITE("chat:write"), ENCOUNTER_READ("encounter:read"),
    ENCOUNTER_MANAGE("encounter:manage"), MACRO_LIST("macro:list"), MACRO_EXECUTE("macro:execute"),
    MACRO_WRITE("macro:write"), SCENE_READ("scene:read"), SCENE_WRITE("scene:write"), CANVAS_READ("canvas:read"),
    CANVAS_WRITE("canvas:write"), EFFECTS_READ("effects:read"), EFFECTS_WRITE("effects:write"),
    USER_READ("user:read"), USER_WRITE("user:write"), FILE_READ("file:read"), FILE_WRITE("file:write"),
    PLAYLIST_CONTROL("playlist:control"), WORLD_INFO("world:info"), CLIENTS_READ("clients:read"),
    SHEET_READ("sheet:read"), EVENTS_SUBSCRIBE("events:subscribe"), SESSION_MANAGE("session:manage"),
    EXECUTE_JS("execute-js"), SEARCH("search"), STRUCTURE_READ("structure:read"),
    STRUCTURE_WRITE("structure:write"), DND5E("dnd5e");

    private static final Map<String, Scope> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Scope::wireName, Function.identity()));

    private final String wireName;

    Scope(String wireName) {
        this.wireName = wireName;
    }

    /** The scope as written in keys, errors and docs, e.g. {@code roll:execute}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Scope> fromWire(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /**
     * Parses a comma-separated list; {@code all} stands for every scope.
     *
     * @throws IllegalArgumentException naming the first unknown scope
     */
    public static Set<Scope> parseList(String csv) {
        var scopes = EnumSet.noneOf(Scope.class);
        for (var raw : csv.split(",")) {
            var name = raw.trim();
            if (name.isEmpty()) continue;
            if (name.equals("all")) {
                scopes.addAll(EnumSet.allOf(Scope.class));
                continue;
            }
            scopes.add(fromWire(name).orElseThrow(() -> new IllegalArgumentException("Invalid scope: " + name)));
        }
        if (scopes.isEmpty()) throw new IllegalArgumentException("At least one scope is required");
        return scopes;
    }
}
