package org.foundryrelay.sim.world.scripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;
import org.foundryrelay.sim.world.Json;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * Real JavaScript for {@code execute-js} and script macros, run by Rhino as the body of a function over a
 * small {@code game} facade (a snapshot of the world, users, actors, scenes, folders, items, journal,
 * macros, playlists and chat log) plus {@code ChatMessage.create}. Sandboxed: no Java classes are reachable
 * and a run is stopped after two seconds. Rhino has no {@code async}/{@code await}; {@code await} is
 * dropped, as every facade call is synchronous.
 */
public final class Scripts {
    private static final long LIMIT_MILLIS = 2_000;

    /** A script that threw, failed to parse or ran out of time. */
    public static final class ScriptFailure extends Exception {
        public ScriptFailure(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Deadline extends Error {
        Deadline() {
            super("script time limit exceeded", null, false, false);
        }
    }

    private static final ContextFactory FACTORY = new ContextFactory() {
        @Override
        protected Context makeContext() {
            var cx = super.makeContext();
            cx.setLanguageVersion(Context.VERSION_ES6);
            cx.setInterpretedMode(true);
            cx.setInstructionObserverThreshold(10_000);
            cx.setClassShutter(name -> false);
            return cx;
        }

        @Override
        protected void observeInstructionCount(Context cx, int instructionCount) {
            var deadline = (Long) cx.getThreadLocal("deadline");
            if (deadline != null && System.currentTimeMillis() > deadline) throw new Deadline();
        }
    };

    private static final String PRELUDE = """
            var game = (function (raw) {
              function collection(docs) {
                docs.forEach(function (d) { if (d.id === undefined) d.id = d._id; });
                return {
                  contents: docs, size: docs.length,
                  get: function (id) { return docs.find(function (d) { return d.id === id; }); },
                  getName: function (name) { return docs.find(function (d) { return d.name === name; }); },
                  find: function (f) { return docs.find(f); }, filter: function (f) { return docs.filter(f); },
                  map: function (f) { return docs.map(f); }, forEach: function (f) { docs.forEach(f); }
                };
              }
              var g = { world: raw.world, system: raw.system, version: raw.version, user: raw.user };
              ["users", "actors", "scenes", "folders", "items", "journal", "macros", "playlists", "messages"]
                .forEach(function (k) { g[k] = collection(raw[k] || []); });
              g.scenes.active = g.scenes.find(function (s) { return s.active; }) || null;
              g.scenes.viewed = g.scenes.active;
              return g;
            })(JSON.parse(__world));
            var ChatMessage = { create: function (data) { return JSON.parse(__chat(JSON.stringify(data || {}))); } };
            """;

    private Scripts() {}

    /**
     * Runs {@code body} and returns its return value as JSON (null for {@code undefined}).
     *
     * @param world a snapshot of the world for {@code game}
     * @param args  what the script sees as {@code args} (and {@code scope})
     * @param chat  creates a chat message from its data and returns the message as clients see it
     */
    public static JsonNode run(String body, ObjectNode world, JsonNode args, UnaryOperator<ObjectNode> chat) throws ScriptFailure {
        var source = "(function (args, scope) {\n" + body.replaceAll("\\bawait\\s+", "") + "\n})(JSON.parse(__args), JSON.parse(__args))";
        try (var cx = FACTORY.enterContext()) {
            cx.putThreadLocal("deadline", System.currentTimeMillis() + LIMIT_MILLIS);
            ScriptableObject scope = cx.initSafeStandardObjects();
            ScriptableObject.putProperty(scope, "__world", Json.MAPPER.writeValueAsString(world));
            ScriptableObject.putProperty(scope, "__args", Json.MAPPER.writeValueAsString(args == null || args.isMissingNode() ? Json.object() : args));
            ScriptableObject.putProperty(scope, "__chat", new BaseFunction() {
                @Override
                public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] callArgs) {
                    try {
                        var data = callArgs.length > 0 ? Json.MAPPER.readTree(Context.toString(callArgs[0])) : Json.object();
                        return Json.MAPPER.writeValueAsString(chat.apply(data instanceof ObjectNode o ? o : Json.object()));
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException("invalid chat message data");
                    }
                }
            });
            cx.evaluateString(scope, PRELUDE, "prelude", 1, null);
            ScriptableObject.putProperty(scope, "__result", cx.evaluateString(scope, source, "script", 0, null));
            var json = cx.evaluateString(scope, "__result === undefined ? undefined : JSON.stringify(__result)", "result", 1, null);
            if (json == null || json instanceof Undefined) return Json.MAPPER.nullNode();
            return Json.MAPPER.readTree(Context.toString(json));
        } catch (RhinoException e) {
            throw new ScriptFailure(e.details());
        } catch (Deadline e) {
            throw new ScriptFailure(e.getMessage());
        } catch (java.io.IOException | RuntimeException e) {
            throw new ScriptFailure(e.getMessage());
        }
    }
}
