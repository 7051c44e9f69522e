package org.foundryrelay.sim.world;

import java.util.Optional;
import org.foundryrelay.sim.world.Fixture.Actor;
import org.foundryrelay.sim.world.Fixture.Scene;
import org.foundryrelay.sim.world.Fixture.Token;
import org.foundryrelay.sim.world.Fixture.User;

/** Documents a UUID can point at ({@code fromUuid}), and the permission rules the module applies to them. */
final class Docs {
    private Docs() {}

    /** A resolved document. */
    sealed interface Doc {
        /** Foundry's {@code documentName}. */
        String documentName();

        /** What the module prints in permission errors: {@code doc.name || doc.uuid || "unknown"}. */
        String label();
    }

    /** A token on a scene. */
    record TokenDoc(Scene scene, Token token) implements Doc {
        public String documentName() {
            return "Token";
        }

        public String label() {
            return token.name() != null && !token.name().isEmpty() ? token.name() : tokenUuid(scene, token);
        }
    }

    /** A world actor, or the synthetic actor of an unlinked token when {@code token} is set. */
    record ActorDoc(Actor actor, Scene scene, Token token) implements Doc {
        public String documentName() {
            return "Actor";
        }

        public String label() {
            return actor.name();
        }
    }

    /** A scene. */
    record SceneDoc(Scene scene) implements Doc {
        public String documentName() {
            return "Scene";
        }

        public String label() {
            return scene.name();
        }
    }

    /** A user document: resolvable, but neither a token nor an actor. */
    record UserDoc(User user) implements Doc {
        public String documentName() {
            return "User";
        }

        public String label() {
            return user.name();
        }
    }

    static String tokenUuid(Scene scene, Token token) {
        return "Scene." + scene.id() + ".Token." + token.id();
    }

    /** The UUID of a token's actor: the world actor for linked tokens, the synthetic one otherwise. */
    static String actorUuid(Scene scene, Token token, Actor actor) {
        return token.actorLink() ? actor.uuid() : tokenUuid(scene, token) + ".Actor." + actor.id();
    }

    /** Foundry's {@code fromUuid} over the fixture, for the document kinds the simulator knows. */
    static Optional<Doc> fromUuid(Documents fixture, String uuid) {
        if (uuid == null) return Optional.empty();
        var parts = uuid.split("\\.", -1);
        return switch (parts.length) {
            case 2 -> switch (parts[0]) {
                case "Actor" -> fixture.actor(parts[1]).map(a -> new ActorDoc(a, null, null));
                case "Scene" -> fixture.scene(parts[1]).map(SceneDoc::new);
                case "User" -> fixture.user(parts[1]).map(UserDoc::new);
                default -> Optional.empty();
            };
            case 4 -> parts[0].equals("Scene") && parts[2].equals("Token")
                    ? token(fixture, parts[1], parts[3]).map(d -> d) : Optional.empty();
            case 6 -> parts[0].equals("Scene") && parts[2].equals("Token") && parts[4].equals("Actor")
                    ? token(fixture, parts[1], parts[3])
                            .filter(t -> !t.token().actorLink() && parts[5].equals(t.token().actorId()))
                            .flatMap(t -> fixture.actor(t.token().actorId()).map(a -> new ActorDoc(a, t.scene(), t.token())))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<TokenDoc> token(Documents fixture, String sceneId, String tokenId) {
        return fixture.scene(sceneId).flatMap(s -> s.token(tokenId).map(t -> new TokenDoc(s, t)));
    }

    /** {@code doc.testUserPermission(user, "OWNER")}: GMs own everything; tokens defer to their actor. */
    static boolean isOwner(Documents fixture, Doc doc, User user) {
        if (user.isGM()) return true;
        return switch (doc) {
            case ActorDoc a -> a.actor().level(user.id()) >= Fixture.OWNER;
            case TokenDoc t -> fixture.actor(t.token().actorId())
                    .map(a -> a.level(user.id()) >= Fixture.OWNER).orElse(false);
            case SceneDoc s -> false;
            case UserDoc u -> false;
        };
    }

    /** Foundry's {@code Actor#hasPlayerOwner}: some non-GM user owns the actor. */
    static boolean hasPlayerOwner(Documents fixture, Actor actor) {
        return fixture.users().stream().anyMatch(u -> !u.isGM() && actor.level(u.id()) >= Fixture.OWNER);
    }

    /** The module's {@code assertWritePermission} text. */
    static String noPermission(User user, String operation, Doc doc) {
        return "User '" + user.name() + "' does not have permission to " + operation + " '" + doc.label() + "'";
    }
}
