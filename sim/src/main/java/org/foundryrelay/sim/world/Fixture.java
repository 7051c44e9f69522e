package org.foundryrelay.sim.world;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.foundryrelay.sim.protocol.WorldInfo;

/**
 * The immutable content of a world: metadata, users, actors, scenes and tokens, and which tokens the
 * GM has selected on the canvas. Parsed once from JSON and shared by every {@link World} built from it;
 * {@link #withMeta} derives a copy with other metadata that still shares all documents.
 */
public final class Fixture {

    /** Foundry's {@code CONST.USER_ROLES}. */
    public static final int ROLE_NONE = 0, ROLE_PLAYER = 1, ROLE_TRUSTED = 2, ROLE_ASSISTANT = 3, ROLE_GAMEMASTER = 4;
    /** Foundry's {@code CONST.DOCUMENT_OWNERSHIP_LEVELS.OWNER}. */
    public static final int OWNER = 3;
    private static final String DEFAULT_IMG = "icons/svg/mystery-man.svg";
    private static final String BUNDLED = "/worlds/default.json";
    /** Additions to the bundled world kept in their own files (one per area), deep-merged at load. */
    private static final List<String> BUNDLED_OVERLAYS =
            List.of("/worlds/default-canvas.json", "/worlds/default-dnd5e.json", "/worlds/default-files.json");

    /** World metadata, as the module reports it in the {@code /relay} query string. */
    public record Meta(
            String worldId,
            String worldTitle,
            String foundryVersion,
            String systemId,
            String systemTitle,
            String systemVersion,
            String customName) {
        WorldInfo info() {
            return new WorldInfo(worldId, worldTitle, foundryVersion, systemId, systemTitle, systemVersion, customName);
        }
    }

    /** A Foundry user. {@code role} is the numeric USER_ROLES value; {@code character} an actor id or null. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(@JsonAlias("_id") String id, String name, int role, String password, boolean active, String character) {
        /** Foundry's {@code User#isGM}: ASSISTANT and GAMEMASTER both count. */
        public boolean isGM() {
            return role >= ROLE_ASSISTANT;
        }
    }

    /**
     * A world actor. {@code ownership} maps user ids (and optionally {@code "default"}) to ownership
     * levels; {@code initiativeBonus} is added to the d20 when initiative is rolled.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Actor(@JsonAlias("_id") String id, String name, String type, String img, Map<String, Integer> ownership, int initiativeBonus) {
        public Actor {
            ownership = ownership == null ? Map.of() : Map.copyOf(ownership);
            img = img == null ? DEFAULT_IMG : img;
        }

        /** The ownership level {@code userId} has, falling back to the default level. */
        public int level(String userId) {
            return ownership.getOrDefault(userId, ownership.getOrDefault("default", 0));
        }

        public String uuid() {
            return "Actor." + id;
        }
    }

    /** A token placed on a scene. Linked tokens share their world actor; unlinked ones get a synthetic actor. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Token(@JsonAlias("_id") String id, String name, String actorId, boolean actorLink, boolean hidden, int disposition, String img) {}

    /** A scene and its tokens, in placement order. {@code active} marks the world's active scene. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Scene(@JsonAlias("_id") String id, String name, boolean active, List<Token> tokens) {
        public Scene {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }

        public Optional<Token> token(String tokenId) {
            return tokens.stream().filter(t -> t.id().equals(tokenId)).findFirst();
        }
    }

    /**
     * The typed view of a document tree: users, actors and scenes as the encounter and roll code reads
     * them. Built from the fixture once, and again from a world's {@link Documents} after each change.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Contents(
            @JsonProperty("users") List<User> users,
            @JsonProperty("actors") List<Actor> actors,
            @JsonProperty("scenes") List<Scene> scenes,
            Map<String, User> usersById,
            Map<String, Actor> actorsById,
            Map<String, Scene> scenesById,
            Scene activeScene,
            User gm) {

        static Contents of(ObjectNode tree) {
            var users = list(tree, "users", User.class);
            var actors = list(tree, "actors", Actor.class);
            var scenes = list(tree, "scenes", Scene.class);
            var gm = users.stream().filter(u -> u.isGM() && u.active()).min((a, b) -> a.id().compareTo(b.id()))
                    .or(() -> users.stream().filter(User::isGM).findFirst())
                    .orElse(null);
            return new Contents(users, actors, scenes, index(users, User::id), index(actors, Actor::id),
                    index(scenes, Scene::id), scenes.stream().filter(Scene::active).findFirst().orElse(null), gm);
        }

        private static <T> List<T> list(ObjectNode tree, String name, Class<T> type) {
            var node = tree.get(name);
            if (node == null || node.isNull()) return List.of();
            var items = new java.util.ArrayList<T>(node.size());
            for (var item : node) items.add(Json.MAPPER.convertValue(item, type));
            return List.copyOf(items);
        }
    }

    private final Meta meta;
    private final ObjectNode documents;
    private final Contents contents;
    private final List<String> controlledTokens;

    private Fixture(ObjectNode file) {
        var world = file.get("world");
        if (world == null || world.isNull()) throw new IllegalArgumentException("fixture has no world metadata");
        this.meta = Json.MAPPER.convertValue(world, Meta.class);
        var controlled = file.get("controlledTokens");
        this.controlledTokens = controlled == null || controlled.isNull() ? List.of()
                : List.of(Json.MAPPER.convertValue(controlled, String[].class));
        var docs = file.deepCopy();
        docs.remove("world");
        docs.remove("controlledTokens");
        this.documents = docs;
        this.contents = Contents.of(docs);
        if (contents.gm() == null) throw new IllegalArgumentException("fixture needs a GM user");
    }

    private Fixture(Fixture base, Meta meta) {
        this.meta = meta;
        this.documents = base.documents;
        this.contents = base.contents;
        this.controlledTokens = base.controlledTokens;
    }

    private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> id) {
        var map = new LinkedHashMap<String, T>();
        for (var item : items) {
            if (map.put(id.apply(item), item) != null) throw new IllegalArgumentException("duplicate id " + id.apply(item));
        }
        return Map.copyOf(map);
    }

    /** Parses a fixture from JSON. */
    public static Fixture read(InputStream in) {
        try {
            var tree = Json.MAPPER.readTree(in);
            if (!(tree instanceof ObjectNode file)) throw new IllegalArgumentException("a world fixture is a JSON object");
            return new Fixture(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read world fixture", e);
        }
    }

    /** Parses a fixture file. */
    public static Fixture read(Path path) {
        try (var in = Files.newInputStream(path)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read world fixture " + path, e);
        }
    }

    /** The bundled default world, parsed once per JVM. */
    public static Fixture bundled() {
        return Bundled.INSTANCE;
    }

    private static final class Bundled {
        static final Fixture INSTANCE = load();

        private static Fixture load() {
            var tree = resource(BUNDLED);
            if (tree == null) throw new IllegalStateException("missing resource " + BUNDLED);
            for (var overlay : BUNDLED_OVERLAYS) {
                var extra = resource(overlay);
                if (extra != null) FixtureMerge.into(tree, extra);
            }
            return new Fixture(tree);
        }

        private static ObjectNode resource(String name) {
            try (var in = Fixture.class.getResourceAsStream(name)) {
                if (in == null) return null;
                if (!(Json.MAPPER.readTree(in) instanceof ObjectNode file)) throw new IllegalStateException(name + " is not a JSON object");
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The same documents under other metadata; null arguments keep the current value. */
    public Fixture withMeta(String worldId, String worldTitle, String customName) {
        return new Fixture(this, new Meta(
                worldId != null ? worldId : meta.worldId(),
                worldTitle != null ? worldTitle : meta.worldTitle(),
                meta.foundryVersion(), meta.systemId(), meta.systemTitle(), meta.systemVersion(),
                customName != null ? customName : meta.customName()));
    }

    public Meta meta() {
        return meta;
    }

    /** A new world's documents: the fixture's shared tree until the world changes something. */
    Documents newDocuments() {
        return new Documents(documents);
    }

    public List<User> users() {
        return contents.users();
    }

    public Optional<User> user(String id) {
        return Optional.ofNullable(id == null ? null : contents.usersById().get(id));
    }

    /** The GM whose browser runs the module: the active GM with the lowest id, else the first GM. */
    public User gm() {
        return contents.gm();
    }

    public List<Actor> actors() {
        return contents.actors();
    }

    public Optional<Actor> actor(String id) {
        return Optional.ofNullable(id == null ? null : contents.actorsById().get(id));
    }

    public List<Scene> scenes() {
        return contents.scenes();
    }

    public Optional<Scene> scene(String id) {
        return Optional.ofNullable(id == null ? null : contents.scenesById().get(id));
    }

    /** The active scene at start, which is also the scene the GM views; empty when no scene is active. */
    public Optional<Scene> activeScene() {
        return Optional.ofNullable(contents.activeScene());
    }

    /** Token ids the GM has selected on the viewed scene when the world starts. */
    public List<String> controlledTokens() {
        return controlledTokens;
    }

    /** The default image for documents that have none. */
    static String defaultImg() {
        return DEFAULT_IMG;
    }
}
