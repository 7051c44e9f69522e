package org.foundryrelay.docs;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.foundryrelay.routes.RouteTable;
import org.foundryrelay.sim.world.Channel;
import org.foundryrelay.sim.world.World;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.SseClient;
import org.foundryrelay.testing.TestRelay;

/**
 * The API pages of scenes, canvas, images, files, dnd5e and the document event streams: every row of
 * those groups with its own example run against the docs world, then a few errors. Pages are rendered in
 * this order on one world, so each page starts from the state the previous one left.
 */
final class WorldApiPages {
    private final TestRelay relay;
    private final World world;
    private final String key;
    private final String client;
    private final long now;

    private WorldApiPages(TestRelay relay, World world, String key, String client, long now) {
        this.relay = relay;
        this.world = world;
        this.key = key;
        this.client = client;
        this.now = now;
    }

    static Map<String, String> render(TestRelay relay, World world, String key, String client, long now) throws Exception {
        var p = new WorldApiPages(relay, world, key, client, now);
        var pages = new LinkedHashMap<String, String>();
        pages.put("canvas.md", p.canvas());
        pages.put("images.md", p.images());
        pages.put("files.md", p.files());
        pages.put("dnd5e.md", p.dnd5e());
        pages.put("document-events.md", p.documentEvents());
        pages.put("scenes.md", p.scenes());
        return pages;
    }

    // --- calls -------------------------------------------------------------------------------------

    private HttpResponse<byte[]> send(String method, String pathAndQuery, String body, String contentType) {
        var uri = relay.uri(pathAndQuery + (pathAndQuery.contains("?") ? "&" : "?") + "clientId=" + client);
        var b = Http.builder(uri, "x-api-key", key);
        var publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        if (body != null) b.header("Content-Type", contentType);
        try {
            return Http.CLIENT_FOR_BYTES.send(b.method(method, publisher).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // requestIds carry a clock; encoded images depend on the machine's PNG encoder: both are shortened.
    private String stable(byte[] body) {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8)
                .replaceAll("\"requestId\":\"([a-z0-9-]+)_\\d+_\\d+\"", "\"requestId\":\"$1_" + now + "_1\"")
                .replaceAll("(\"imageData\":\"data:image/[a-z]+;base64,)[A-Za-z0-9+/=]+\"", "$1…\"");
    }

    private static String curl(String method, String pathAndQuery, String body, String contentType) {
        var sb = new StringBuilder("curl -s");
        if (!method.equals("GET")) sb.append(" -X ").append(method);
        sb.append(" \"http://localhost:3010").append(pathAndQuery).append(pathAndQuery.contains("?") ? "&" : "?")
                .append("clientId=$CLIENT_ID\" \\\n  -H \"x-api-key: $API_KEY\"");
        if (body != null) sb.append(" \\\n  -H \"Content-Type: ").append(contentType).append("\" -d '").append(body).append("'");
        return sb.toString();
    }

    private void documented(DocPage page, String caption, String method, String pathAndQuery, String body) {
        var r = send(method, pathAndQuery, body, "application/json");
        var type = r.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
            page.example(caption, curl(method, pathAndQuery, body, "application/json"), r.statusCode(), stable(r.body()));
            return;
        }
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", type);
        for (var h : new String[] {"Content-Disposition", "X-Image-Width", "X-Image-Height"}) {
            r.headers().firstValue(h).ifPresent(v -> headers.put(h, v));
        }
        // An image's size in bytes depends on the machine's fonts; a file's does not.
        page.binary(caption, curl(method, pathAndQuery, body, "application/json") + " -o out", r.statusCode(), headers,
                type.startsWith("image/") ? "the image's bytes" : r.body().length + " bytes");
    }

    /** Every row of {@code group}, each with its own example. */
    private void rows(DocPage page, String group) {
        for (var r : RouteTable.all()) {
            if (!r.group().equals(group)) continue;
            page.route(r);
            var ex = r.example().orElseThrow(() -> new AssertionError(r.path() + " has no example"));
            documented(page, "Example:", r.method().name(), ex.pathAndQuery(), ex.body());
        }
    }

    // --- pages -------------------------------------------------------------------------------------

    private String scenes() {
        var page = new DocPage("Scenes", """
                A world's scenes: read one (by `sceneId`, exact `name`, the `active` or the `viewed` one) or all of \
                them, create, update (data is merged), delete, and switch the active scene. Every call takes \
                `clientId` and an optional `userId`; players see the scenes they may observe and change only those \
                they own; switching is for GMs.""");
        rows(page, "scenes");
        page.heading("Errors");
        documented(page, "No way to choose the scene:", "GET", "/scene", null);
        documented(page, "An unknown scene (the module's own message):", "GET", "/scene?sceneId=nope", null);
        documented(page, "A player may not switch scenes:", "POST", "/switch-scene", "{\"name\":\"Cragmaw Hideout\",\"userId\":\"Alice\"}");
        return page.markdown();
    }

    private String canvas() {
        var page = new DocPage("Canvas", """
                Documents placed on a scene — `tokens`, `tiles`, `drawings`, `lights`, `sounds`, `notes`, \
                `templates`, `walls` and `regions` — read, created, updated (data is merged) and removed; tokens \
                moved (GM only) and distances measured in the scene's grid units. The scene is `sceneId`, else the \
                active one. Changes to tokens, lights and walls are also pushed to `GET /scene/subscribe`.""");
        rows(page, "canvas");
        page.heading("Errors");
        documented(page, "An unknown document type:", "GET", "/canvas/monsters", null);
        documented(page, "A document that is not there:", "PUT", "/canvas/tokens", "{\"documentId\":\"nope\",\"data\":{\"x\":1}}");
        documented(page, "A token that is not there:", "POST", "/move-token", "{\"name\":\"Dragon\",\"x\":1,\"y\":1}");
        return page.markdown();
    }

    private String images() {
        var page = new DocPage("Images", """
                Pictures of the world. `GET /scene/image` and `GET /sheet` answer the image's bytes with \
                `Content-Type` (`image/png`, or `image/jpeg` with `format=jpeg`), `X-Image-Width` and \
                `X-Image-Height`; their errors are JSON. `GET /scene/image/raw` answers JSON with the scene's \
                background as a data URL (shortened below). A screenshot shows the scene the GM views: switch to a \
                scene first.""");
        rows(page, "images");
        page.heading("Errors");
        documented(page, "A scene that is not the viewed one:", "GET", "/scene/image?sceneId=NoDxQshIISj3bb56", null);
        documented(page, "Neither uuid nor selected:", "GET", "/sheet", null);
        return page.markdown();
    }

    private String files() {
        var page = new DocPage("Files", """
                The Foundry server's files, per source (`data` by default, `public`, `s3`): list a directory, \
                download a file (its bytes with `Content-Type` and `Content-Disposition`, or JSON with a base64 \
                data URL when `format=base64`), upload one. Uploads are either JSON with a data URL in \
                `fileData`, or the raw bytes with `path` and `filename` in the query and any non-JSON \
                `Content-Type` (a `Content-Length` is required): the relay turns the bytes into the data URL the \
                module accepts while it streams them, so an upload is never held whole in memory. Uploads may be \
                up to `MAX_UPLOAD_SIZE_MB` (250) in size, other bodies `MAX_BODY_SIZE_MB`; larger ones get HTTP \
                413 and never reach the world. Paths are relative to the source's root: `..` segments, absolute \
                paths and NUL characters are refused with HTTP 400 before anything is sent.""");
        rows(page, "files");
        documented(page, "The same file as bytes:", "GET", "/download?path=worlds/lost-mine/notes/hello.txt", null);
        var raw = send("POST", "/upload?path=worlds/lost-mine/maps&filename=map.bin", "\u0001\u0002\u0003", "application/octet-stream");
        page.example("A raw upload:", "curl -s -X POST \"http://localhost:3010/upload?clientId=$CLIENT_ID&path=worlds/lost-mine/maps&filename=map.bin\" \\\n"
                + "  -H \"x-api-key: $API_KEY\" -H \"Content-Type: application/octet-stream\" --data-binary @map.bin",
                raw.statusCode(), stable(raw.body()));
        page.heading("Errors");
        documented(page, "A path leaving the storage root:", "GET", "/file-system?path=../..", null);
        documented(page, "A file that is not there (the module's own message):", "GET", "/download?path=worlds/nope.txt", null);
        documented(page, "A player without the browse permission:", "GET", "/file-system?userId=Alice", null);
        return page.markdown();
    }

    private String dnd5e() {
        var page = new DocPage("D&D 5th edition", """
                The dnd5e system's actions on actors: details, checks and saves, rests, death saves, \
                concentration, using items, features and spells (uses and spell slots are spent, attack and damage \
                rolled), charges, experience, equipment and currency. Scope `dnd5e`. Every parameter may come in \
                the body or the query; actors are given as `actorUuid` (`Actor.<id>`, or a token's UUID), or by \
                `actorName` where listed. Roll options: `advantage`, `disadvantage`, `bonus` (a formula), \
                `createChatMessage`. `modify-currency` and `prepare-spell` are served here although the upstream \
                relay never routed them.""");
        rows(page, "dnd5e");
        page.heading("Errors");
        documented(page, "An unknown skill:", "POST", "/dnd5e/skill-check", "{\"actorUuid\":\"Actor.kHvRwMzzuVtYkwMJ\",\"skill\":\"swim\"}");
        documented(page, "Not enough coins:", "POST", "/dnd5e/transfer-currency",
                "{\"sourceActorUuid\":\"Actor.FrCfZ4U2EqkNk6sE\",\"targetActorUuid\":\"Actor.kHvRwMzzuVtYkwMJ\",\"currency\":{\"pp\":5}}");
        documented(page, "A player acting on someone else's character:", "POST", "/dnd5e/long-rest",
                "{\"actorUuid\":\"Actor.FrCfZ4U2EqkNk6sE\",\"userId\":\"Alice\"}");
        return page.markdown();
    }

    private String documentEvents() throws Exception {
        var page = new DocPage("Document events", """
                Live changes to a world's documents over Server-Sent Events, with the same rules as the other \
                streams (see [Events](events.md)): scope `events:subscribe`, `clientId` required, an `id:` on \
                every event and `Last-Event-ID` to resume, the module's channel switched on while someone listens. \
                Each event's data is the module's own event data.""");
        page.heading("`GET /hooks/subscribe`");
        page.text("Foundry hooks the module forwards (createActor, updateActor, deleteActor, createItem, updateItem, "
                + "deleteItem, createToken, updateToken, deleteToken, createScene, updateScene, deleteScene, "
                + "createActiveEffect, deleteActiveEffect, canvasReady, combat hooks, ...), each as an event named after "
                + "the hook with data `{hook, args}`. Optional `hooks`: a comma-separated list of hook names to keep.");
        stream(page, "/hooks/subscribe", "&hooks=updateToken", Channel.HOOKS,
                () -> send("POST", "/move-token", "{\"name\":\"Aria Windrunner\",\"x\":900,\"y\":500}", "application/json"));
        page.heading("`GET /actor/subscribe`");
        page.text("Changes to actors: `actor-update` (with `changes`), `actor-item-update`, `actor-effect-add`, "
                + "`actor-effect-remove`, ... with data `{actorUuid, eventType, ...}`. Optional `actorUuid`: only that actor "
                + "(the upstream relay dropped every event once this filter was set).");
        stream(page, "/actor/subscribe", "&actorUuid=Actor.FrCfZ4U2EqkNk6sE", Channel.ACTOR,
                () -> send("POST", "/dnd5e/modify-currency", "{\"actorUuid\":\"Actor.FrCfZ4U2EqkNk6sE\",\"currency\":\"gp\",\"amount\":5}", "application/json"));
        page.heading("`GET /scene/subscribe`");
        page.text("Canvas changes: `scene-token-create`, `scene-token-update`, `scene-token-delete`, the same for lights "
                + "and walls, and `scene-scene-activate` when a scene is switched to, with data `{sceneId, eventType, ...}`. "
                + "Optional `sceneId`: only that scene.");
        stream(page, "/scene/subscribe", "&sceneId=Z01BZGaG7yOh3FZ9", Channel.SCENE,
                () -> send("POST", "/move-token", "{\"name\":\"Goblin Boss\",\"x\":1100,\"y\":800}", "application/json"));
        return page.markdown();
    }

    private void stream(DocPage page, String path, String query, Channel channel, Runnable trigger) throws Exception {
        try (var sse = SseClient.open(relay.uri(path + "?clientId=" + client + query), "x-api-key", key)) {
            var transcript = new StringBuilder(frame(sse.next(Duration.ofSeconds(5)), 0));
            for (int i = 0; i < 300 && !world.activeChannels().contains(channel); i++) Thread.sleep(10);
            trigger.run();
            transcript.append(frame(sse.next(Duration.ofSeconds(5)), 1));
            page.stream("Example:", "curl -N \"http://localhost:3010" + path + "?clientId=$CLIENT_ID" + query
                    + "\" -H \"x-api-key: $API_KEY\"", transcript.toString());
        }
    }

    private String frame(SseClient.Frame f, int index) {
        var sb = new StringBuilder();
        if (f.id() != null) sb.append("id: ").append(now * 1000 + index).append('\n');
        return sb.append("event: ").append(f.event()).append("\ndata: ").append(f.data()).append("\n\n").toString();
    }
}
