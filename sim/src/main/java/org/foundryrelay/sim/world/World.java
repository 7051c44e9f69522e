package org.foundryrelay.sim.world;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.foundryrelay.sim.dice.Dice;
import org.foundryrelay.sim.protocol.ModuleEndpoint;
import org.foundryrelay.sim.protocol.WorldInfo;
import org.foundryrelay.sim.world.Docs.TokenDoc;
import org.foundryrelay.sim.world.Fixture.User;
import org.foundryrelay.sim.world.chat.ChatArea;
import org.foundryrelay.sim.world.documents.EffectArea;
import org.foundryrelay.sim.world.documents.EntityArea;
import org.foundryrelay.sim.world.documents.InventoryArea;
import org.foundryrelay.sim.world.documents.SearchArea;
import org.foundryrelay.sim.world.documents.StructureArea;
import org.foundryrelay.sim.world.playlists.PlaylistArea;
import org.foundryrelay.sim.world.scripts.ScriptArea;
import org.foundryrelay.sim.world.selection.SelectionArea;
import org.foundryrelay.sim.world.users.UserArea;
import org.foundryrelay.sim.world.canvas.CanvasArea;
import org.foundryrelay.sim.world.canvas.SceneArea;
import org.foundryrelay.sim.world.dnd5e.Dnd5eArea;
import org.foundryrelay.sim.world.events.DocumentEvents;
import org.foundryrelay.sim.world.files.FileArea;
import org.foundryrelay.sim.world.images.ImageArea;

/**
 * One simulated Foundry world as the REST API module in its GM's browser sees it: encounters, rolls and
 * event channels over an immutable {@link Fixture}. All requests of a world run under one lock, so
 * {@link #handle} may be called from any thread; pushed events go to the attached outbox from inside that
 * lock, before the reply of the request that caused them is returned.
 *
 * <p>Per-world state is small (no combats, no rolls and one small random source to begin with), and
 * worlds built from the same fixture share all of its documents.
 */
public final class World implements ModuleEndpoint {
    private static final List<String> ENCOUNTER_TYPES = List.of("encounters", "start-encounter", "next-turn",
            "next-round", "last-turn", "last-round", "end-encounter", "add-to-encounter", "remove-from-encounter");
    private static final List<String> ROLL_TYPES = List.of("rolls", "last-roll", "roll");

    private final Fixture fixture;
    private final Documents documents;
    private final Map<String, Handler> handlers = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final RandomGenerator random;
    private final Roller roller;
    private final LongSupplier clock;
    private final EventChannels channels = new EventChannels();
    private final RollLog rollLog = new RollLog();
    private final ChatHook chatHook;
    private final Encounters encounters;
    private final EncounterHandler encounterHandler;
    private final RollHandler rollHandler;
    private final Selection selection;

    private World(Builder builder) {
        this.fixture = builder.fixture.withMeta(builder.worldId, builder.worldTitle, builder.customName);
        this.random = builder.random != null ? builder.random : new SplittableRandom();
        this.roller = builder.roller != null ? builder.roller : new Dice(random)::roll;
        this.clock = builder.clock != null ? builder.clock : System::currentTimeMillis;
        this.documents = fixture.newDocuments();
        this.selection = new Selection(fixture.controlledTokens());
        this.chatHook = new ChatHook(channels, rollLog, clock, documents);
        this.encounters = new Encounters(documents, random, roller, chatHook, clock, this::controlledTokenDocs,
                new CombatEvents(channels));
        this.encounterHandler = new EncounterHandler(encounters);
        this.rollHandler = new RollHandler(documents, rollLog, chatHook, roller, clock, random);
        var context = new WorldContext(documents, random, roller, clock, channels, handlers);
        for (var type : ENCOUNTER_TYPES) context.register(type, encounterHandler::handle);
        for (var type : ROLL_TYPES) context.register(type, (request, caller) -> rollHandler.handle(request));
        new EntityArea(context, selection);
        new InventoryArea(context, selection, encounters::defeat);
        new SearchArea(context);
        new StructureArea(context);
        new EffectArea(context);
        new SelectionArea(context, selection);
        new UserArea(context, fixture.meta(), () -> channels.send(playerList()));
        new PlaylistArea(context);
        new ScriptArea(context, fixture.meta(), new ChatArea(context));
        var documentEvents = new DocumentEvents(context);
        new SceneArea(context, documentEvents);
        new CanvasArea(context, documentEvents);
        new ImageArea(context, selection::tokenIds);
        new FileArea(context);
        new Dnd5eArea(context, documentEvents, selection::tokenIds);
    }

    /** A world from the bundled default fixture with a fresh random source. */
    public static World defaultWorld() {
        return builder(Fixture.bundled()).build();
    }

    /** A world from the bundled default fixture whose dice and ids come from {@code random}. */
    public static World defaultWorld(RandomGenerator random) {
        return builder(Fixture.bundled()).random(random).build();
    }

    /** A world from a JSON fixture. To build many worlds, read the {@link Fixture} once and use {@link #builder}. */
    public static World fromFixture(InputStream in) {
        return builder(Fixture.read(in)).build();
    }

    /** A world from a JSON fixture file. */
    public static World fromFixture(Path path) {
        return builder(Fixture.read(path)).build();
    }

    public static Builder builder(Fixture fixture) {
        return new Builder(fixture);
    }

    /** Options for a new world; everything but the fixture is optional. */
    public static final class Builder {
        private final Fixture fixture;
        private String worldId, worldTitle, customName;
        private RandomGenerator random;
        private Roller roller;
        private LongSupplier clock;

        private Builder(Fixture fixture) {
            this.fixture = Objects.requireNonNull(fixture);
        }

        /** Overrides the fixture's worldId (e.g. many benchmark worlds from one fixture). */
        public Builder worldId(String worldId) {
            this.worldId = worldId;
            return this;
        }

        public Builder worldTitle(String worldTitle) {
            this.worldTitle = worldTitle;
            return this;
        }

        public Builder customName(String customName) {
            this.customName = customName;
            return this;
        }

        /** Source of dice results and generated ids; use a seeded one for reproducible runs. */
        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        /** Replaces the dice engine, e.g. with fixed rolls in tests. */
        public Builder roller(Roller roller) {
            this.roller = roller;
            return this;
        }

        /** Millisecond clock for timestamps and manual roll ids. */
        public Builder clock(LongSupplier clock) {
            this.clock = clock;
            return this;
        }

        public World build() {
            return new World(this);
        }
    }

    @Override
    public WorldInfo info() {
        return fixture.meta().info();
    }

    /** {@code {"type":"player-list","users":[{id,name,role,active}]}}. */
    @Override
    public ObjectNode playerList() {
        var message = Json.object();
        message.put("type", "player-list");
        var users = message.putArray("users");
        for (var user : users()) {
            var node = users.addObject();
            node.put("id", user.id());
            node.put("name", user.name());
            node.put("role", user.role());
            node.put("active", user.active());
        }
        return message;
    }

    /**
     * Answers one relay message. Unknown types get no reply (the module only logs them), and neither does
     * {@code event-subscription-update}.
     */
    @Override
    public ObjectNode handle(ObjectNode message) {
        var type = Json.text(message.get("type"));
        if (type == null) return null;
        lock.lock();
        try {
            if (type.equals("event-subscription-update")) {
                channels.update(message);
                return null;
            }
            var handler = handlers.get(type);
            if (handler == null) return null;
            var request = new Request(type, message);
            var caller = Caller.resolve(documents, message.get("userId"));
            if (caller instanceof Caller.Unknown(var raw)) return request.userNotFound(raw);
            long before = documents.version();
            var reply = handler.handle(request, caller);
            // A typed view read between a handler's write() and its change would be stale; count the change again.
            if (documents.version() != before) documents.write();
            return reply;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void attach(Consumer<ObjectNode> outbox) {
        channels.attach(outbox);
    }

    /** The fixture this world runs on, with its own metadata. */
    public Fixture fixture() {
        return fixture;
    }

    /** The world's users as they are now (users can be created and deleted). */
    public List<User> users() {
        lock.lock();
        try {
            return documents.users();
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the world's documents as they are now (users, actors, scenes, ...), for inspection. */
    public ObjectNode snapshot() {
        lock.lock();
        try {
            return documents.read().deepCopy();
        } finally {
            lock.unlock();
        }
    }

    /** The event channels currently switched on. */
    public Set<Channel> activeChannels() {
        lock.lock();
        try {
            return channels.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Simulates {@code userName} (an id or a case-insensitive name) typing {@code /roll formula} in
     * Foundry's chat: the roll message is created and goes through the module's chat hook, so it is
     * recorded and pushed only while {@code roll-events} is on.
     *
     * @throws IllegalArgumentException for an unknown user
     * @throws org.foundryrelay.sim.dice.FormulaException for an invalid formula
     */
    public ChatMessage chatRoll(String userName, String formula) {
        return chatRoll(userName, formula, "");
    }

    /** {@link #chatRoll(String, String)} with flavor text. */
    public ChatMessage chatRoll(String userName, String formula, String flavor) {
        lock.lock();
        try {
            var user = Caller.resolve(documents, Json.MAPPER.getNodeFactory().textNode(userName)).userOrNull();
            if (user == null) throw new IllegalArgumentException("User not found: " + userName);
            var roll = roller.roll(formula);
            var message = new ChatMessage(Ids.documentId(random), user, speakerFor(user), flavor == null ? "" : flavor,
                    roll, List.of(), clock.getAsLong(), Json.object());
            chatHook.created(message);
            return message;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Foundry's {@code ChatMessage.getSpeaker()} in a player's browser with nothing selected: the user's
     * character's token on the viewed scene, else the character, else the user.
     */
    private ObjectNode speakerFor(User user) {
        var scene = documents.activeScene().orElse(null);
        var sceneId = scene == null ? null : scene.id();
        var character = documents.actor(user.character()).orElse(null);
        if (character == null) return ChatMessage.speaker(sceneId, null, null, user.name());
        if (scene != null) {
            for (var token : scene.tokens()) {
                if (character.id().equals(token.actorId())) {
                    return ChatMessage.speaker(sceneId, character.id(), token.id(), token.name());
                }
            }
        }
        return ChatMessage.speaker(sceneId, character.id(), null, character.name());
    }

    /**
     * Sets one of the module's world settings ({@code allowExecuteJs}, {@code allowMacroExecute},
     * {@code allowMacroWrite}: booleans; {@code codeExecutionPermission}: the minimum role), as a GM would in
     * the module's settings.
     */
    public void setting(String name, Object value) {
        lock.lock();
        try {
            var settings = documents.write().withObject("settings");
            settings.set(name, Json.MAPPER.valueToTree(value));
        } finally {
            lock.unlock();
        }
    }

    /** Sets the GM's token selection on the viewed scene ({@code canvas.tokens.controlled}), by token id. */
    public void select(String... tokenIds) {
        lock.lock();
        try {
            selection.set(List.of(tokenIds));
        } finally {
            lock.unlock();
        }
    }

    /** Token ids the GM has selected. */
    public List<String> selectedTokens() {
        lock.lock();
        try {
            return selection.tokenIds();
        } finally {
            lock.unlock();
        }
    }

    private List<TokenDoc> controlledTokenDocs() {
        var scene = documents.activeScene().orElse(null);
        if (scene == null) return List.of();
        var docs = new ArrayList<TokenDoc>(selection.tokenIds().size());
        for (var id : selection.tokenIds()) scene.token(id).ifPresent(t -> docs.add(new TokenDoc(scene, t)));
        return docs;
    }

    @Override
    public String toString() {
        return "World[" + fixture.meta().worldId() + "]";
    }
}
