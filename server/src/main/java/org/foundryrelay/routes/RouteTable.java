package org.foundryrelay.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every endpoint the relay forwards to a world, gathered from one small file per area. {@code clientId}
 * (query, or the {@code x-client-id} header) is implied for all of them. Each message type appears once,
 * so a {@code /ws/api} frame or an MCP tool call finds its row by type.
 */
public final class RouteTable {
    private static final List<Route> ALL = build();
    private static final Map<String, Route> BY_TYPE =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Route::messageType, Function.identity()));

    private RouteTable() {}

    /** Every row, grouped by area in a stable order. */
    public static List<Route> all() {
        return ALL;
    }

    /** The row that sends {@code messageType} to the module. */
    public static Optional<Route> byMessageType(String messageType) {
        return Optional.ofNullable(BY_TYPE.get(messageType));
    }

    private static List<Route> build() {
        var rows = new ArrayList<Route>();
        rows.addAll(EncounterRoutes.all());
        rows.addAll(RollRoutes.all());
        rows.addAll(EntityRoutes.all());
        rows.addAll(SearchRoutes.all());
        rows.addAll(StructureRoutes.all());
        rows.addAll(SelectionRoutes.all());
        rows.addAll(UserRoutes.all());
        rows.addAll(ChatRoutes.all());
        rows.addAll(MacroRoutes.all());
        rows.addAll(EffectRoutes.all());
        rows.addAll(PlaylistRoutes.all());
        rows.addAll(UtilityRoutes.all());
        rows.addAll(SceneRoutes.all());
        rows.addAll(CanvasRoutes.all());
        rows.addAll(ImageRoutes.all());
        rows.addAll(FileRoutes.all());
        rows.addAll(Dnd5eRoutes.all());
        return List.copyOf(rows);
    }
}
