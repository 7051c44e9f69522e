package org.foundryrelay.sim.world.documents;

import java.util.ArrayList;
import java.util.List;
import org.foundryrelay.sim.world.Documents;
import org.foundryrelay.sim.world.Selection;

/** The documents a request names: its {@code uuid}, or the tokens the GM controls when {@code selected}. */
public final class Targets {
    private Targets() {}

    /** Controlled tokens on the active scene, in selection order. */
    public static List<Ref> selectedTokens(Documents documents, Selection selection) {
        var scene = documents.activeScene().orElse(null);
        var refs = new ArrayList<Ref>();
        if (scene == null) return refs;
        for (var id : selection.tokenIds()) {
            Uuids.resolve(documents, "Scene." + scene.id() + ".Token." + id).ifPresent(refs::add);
        }
        return refs;
    }

    /** A token's actor (its base actor for unlinked tokens), or the document itself when it is no token. */
    public static Ref actorOf(Documents documents, Ref ref) {
        if (!ref.documentName().equals("Token")) return ref;
        var actorId = ref.doc().path("actorId").asText(null);
        var actors = documents.collection("actors");
        var linked = ref.doc().path("actorLink").asBoolean(false);
        return Documents.byId(actors, actorId)
                .map(a -> new Ref("Actor", a, actors, linked ? null : ref,
                        linked ? "Actor." + actorId : ref.uuid() + ".Actor." + actorId))
                .orElse(null);
    }
}
