package org.foundryrelay.sim.world.documents;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.foundryrelay.sim.world.Json;

/** The world's status-effect catalogue ({@code CONFIG.statusEffects}) and effects made from it. */
public final class StatusEffects {
    private StatusEffects() {}

    /** One status: id, display name and icon. */
    public record Status(String id, String name, String icon) {}

    public static final List<Status> ALL = List.of(
            new Status("dead", "Dead", "icons/svg/skull.svg"),
            new Status("unconscious", "Unconscious", "icons/svg/unconscious.svg"),
            new Status("prone", "Prone", "icons/svg/falling.svg"),
            new Status("poisoned", "Poisoned", "icons/svg/poison.svg"),
            new Status("blinded", "Blinded", "icons/svg/blind.svg"),
            new Status("deafened", "Deafened", "icons/svg/deaf.svg"),
            new Status("frightened", "Frightened", "icons/svg/terror.svg"),
            new Status("grappled", "Grappled", "icons/svg/net.svg"),
            new Status("invisible", "Invisible", "icons/svg/invisible.svg"),
            new Status("paralyzed", "Paralyzed", "icons/svg/paralysis.svg"),
            new Status("restrained", "Restrained", "icons/svg/trap.svg"),
            new Status("stunned", "Stunned", "icons/svg/daze.svg"),
            new Status("concentrating", "Concentrating", "icons/svg/light.svg"));

    public static Optional<Status> byId(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** A new ActiveEffect document for a status, as {@code toggleStatusEffect} creates it. */
    public static ObjectNode effect(String id, String statusId) {
        var status = byId(statusId).orElseThrow();
        var e = Json.object();
        e.put("_id", id);
        e.put("name", status.name());
        e.put("img", status.icon());
        e.put("disabled", false);
        e.putObject("duration");
        e.putArray("statuses").add(status.id());
        e.putArray("changes");
        e.putNull("origin");
        e.put("transfer", false);
        e.putObject("flags");
        return e;
    }
}
