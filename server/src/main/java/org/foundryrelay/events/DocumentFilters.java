package org.foundryrelay.events;

import io.javalin.http.Context;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** The filters of the document event streams: {@code hooks} (a comma list), {@code actorUuid}, {@code sceneId}. */
final class DocumentFilters {
    private DocumentFilters() {}

    static Filter of(Context ctx, Channel channel) {
        var raw = ctx.queryParam(switch (channel) {
            case HOOKS -> "hooks";
            case ACTOR -> "actorUuid";
            default -> "sceneId";
        });
        if (raw == null || raw.isBlank()) return Filter.subjects(null);
        if (channel != Channel.HOOKS) return Filter.subjects(Set.of(raw.strip()));
        return Filter.subjects(Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet()));
    }
}
