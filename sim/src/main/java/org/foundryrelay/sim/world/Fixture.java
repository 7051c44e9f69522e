package org.foundryrelay.sim.world;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
    public record User(String id, String name, int role, String password, boolean active, String character) {
        /** Foundry's {@code User#isGM}: ASSISTANT and GAMEMASTER both count. */
        public boolean isGM() {
            return role >= ROLE_ASSISTANT;
        }
    }

    /**
     * A world actor. {@code ownership} maps user ids (and optionally {@code "default"}) to ownership
     * levels; {@code initiativeBonus} is added to the d20 when initiative is rolled.
     */
    public record Actor(String id, String name, String type, String img, Map<String, Integer> ownership, int initiativeBonus) {
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
    public record Token(String id, String name, String actorId, boolean actorLink, boolean hidden, int disposition, String img) {}

    /** A scene and its tokens, in placement order. {@code active} marks the world's active scene. */
    public record Scene(String id, String name, boolean active, List<Token> tokens) {
        public Scene {
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }

        public Optional<Token> token(String tokenId) {
            return tokens.stream().filter(t -> t.id().equals(tokenId)).findFirst();
        }
    }

    /** The JSON file's shape. */
    record File(
            @JsonProperty("world") Meta world,
            @JsonProperty("users") List<User> users,
            @JsonProperty("actors") List<Actor> actors,
            @JsonProperty("scenes") List<Scene> scenes,
            @JsonProperty("controlledTokens") List<String> controlledTokens) {}

    private final Meta meta;
    private final List<User> users;
    private final Map<String, User> usersById;
    private final Map<String, Actor> actorsById;
    private final List<Actor> actors;
    private final List<Scene> scenes;
    private final Map<String, Scene> scenesById;
    private final Scene activeScene;
    private final List<String> controlledTokens;

    private Fixture(File file) {
        this.meta = Objects.requireNonNull(file.world(), "fixture has no world metadata");
        this.users = List.copyOf(Objects.requireNonNullElse(file.users(), List.of()));
        this.actors = List.copyOf(Objects.requireNonNullElse(file.actors(), List.of()));
        this.scenes = List.copyOf(Objects.requireNonNullElse(file.scenes(), List.of()));
        this.controlledTokens = List.copyOf(Objects.requireNonNullElse(file.controlledTokens(), List.of()));
        this.usersById = index(users, User::id);
        this.actorsById = index(actors, Actor::id);
        this.scenesById = index(scenes, Scene::id);
        this.activeScene = scenes.stream().filter(Scene::active).findFirst().orElse(null);
        if (users.stream().noneMatch(User::isGM)) throw new IllegalArgumentException("fixture needs a GM user");
    }

    private Fixture(Fixture base, Meta meta) {
        this.meta = meta;
        this.users = base.users;
        this.usersById = base.usersById;
        this.actors = base.actors;
        this.actorsById = base.actorsById;
        this.scenes = base.scenes;
        this.scenesById = base.scenesById;
        this.activeScene = base.activeScene;
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
            return new Fixture(Json.MAPPER.readValue(in, File.class));
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
            try (var in = Fixture.class.getResourceAsStream(BUNDLED)) {
                if (in == null) throw new IllegalStateException("missing resource " + BUNDLED);
                return read(in);
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

    public List<User> users() {
        return users;
    }

    public Optional<User> user(String id) {
        return Optional.ofNullable(usersById.get(id));
    }

    /** The GM whose browser runs the module: the active GM with the lowest id, else the first GM. */
    public User gm() {
        return users.stream().filter(u -> u.isGM() && u.active()).min((a, b) -> a.id().compareTo(b.id()))
                .or(() -> users.stream().filter(User::isGM).findFirst())
                .orElseThrow();
    }

    public List<Actor> actors() {
        return actors;
    }

    public Optional<Actor> actor(String id) {
        return Optional.ofNullable(id == null ? null : actorsById.get(id));
    }

    public List<Scene> scenes() {
        return scenes;
    }

    public Optional<Scene> scene(String id) {
        return Optional.ofNullable(id == null ? null : scenesById.get(id));
    }

    /** The active scene, which is also the scene the GM views; empty when no scene is active. */
    public Optional<Scene> activeScene() {
        return Optional.ofNullable(activeScene);
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
