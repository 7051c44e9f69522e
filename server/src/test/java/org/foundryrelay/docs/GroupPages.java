package org.foundryrelay.docs;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.foundryrelay.routes.Route;
import org.foundryrelay.routes.RouteTable;

/**
 * The API pages generated straight from the route table: for each area, its intro, every row with its
 * example call and the real answer, then a few errors. An area without an intro here still gets a page.
 */
final class GroupPages {
    private GroupPages() {}

    /** A call as the page shows it: the curl command, the status and the body. */
    record Shown(String curl, int status, String body) {}

    /** Runs an error call; arguments are the method, the path with its query, and the body. */
    interface ErrorCall {
        Shown run(String method, String pathAndQuery, String body);
    }

    private record ErrorExample(String caption, String method, String pathAndQuery, String body) {}

    private static final String USER_NOTE = " Every call takes `clientId` (query) and an optional `userId` (query or body): "
            + "a Foundry user id or name to act as, as in the other pages; a key bound to a Foundry user always acts as that user.";

    private static final Map<String, String> TITLES = Map.of("entities", "Entities", "search", "Search", "structure",
            "Structure and folders", "selection", "Selection", "users", "Users and players", "chat", "Chat", "macros", "Macros",
            "effects", "Active effects", "playlists", "Playlists and sounds", "utility", "Utility: JavaScript and world info");

    private static final Map<String, String> INTROS = Map.of(
            "entities", "Any document by UUID (`Actor.<id>`, `Item.<id>`, `JournalEntry.<id>`, embedded ones such as "
                    + "`Actor.<id>.Item.<id>`, tokens as `Scene.<id>.Token.<id>`, compendium entries as "
                    + "`Compendium.<pack>.<Type>.<id>`), or the tokens the GM has selected (`selected=true`). A player sees a "
                    + "document in full from OBSERVER, as a stub `{uuid, name, type, img}` at LIMITED, and not at all below; "
                    + "changing one needs OWNER. Creating a macro also needs the `macro:write` scope and the world's "
                    + "'Allow Macro Creation/Editing' setting; its command passes the same screen as `/execute-js`.",
            "search", "Search the world's documents and its compendium indexes by name. Give `query`, `filter`, or both. "
                    + "Results are ranked: exact name, then prefix, substring, word start, letters in order; with no query, "
                    + "everything matching the filter. A player gets only what it may see (LIMITED documents in the short form).",
            "structure", "How the world is organised: folders per document type (nested, with their documents), documents at "
                    + "the root, compendium packs. Creating and deleting folders is for GMs. The retired `GET /contents/<path>` "
                    + "still answers, with HTTP 400 pointing here, like the upstream relay.",
            "selection", "The GM's token selection on the active scene, which `selected=true` calls act on. GM only. Unlike "
                    + "the upstream relay, no empty `data` object is added when you leave `data` out: an empty `data` matches "
                    + "every token, so there `/select` with only a name selected every token on the scene.",
            "users", "The world's users. Reading and changing them is for GMs; `/players` answers anyone but lists users only "
                    + "for a GM. Roles: 0 none, 1 player, 2 trusted, 3 assistant, 4 GM (3 and 4 count as GM).",
            "chat", "The chat log, newest first. A player sees whispers only when it wrote them or receives them. Posting as "
                    + "a player makes that user the author; deleting needs the author or a GM; clearing the log is for GMs. "
                    + "Live chat events: `GET /chat/subscribe` (see events.md).",
            "macros", "Macros, and running one. A script macro runs as JavaScript with your `args`; its return value is the "
                    + "result (a plain value comes back as `{value}`). Running needs OWNER on the macro and the world's "
                    + "macro-execution setting.",
            "effects", "Active effects on actors (a token's UUID means its actor) and the status effects that can be applied "
                    + "by id. Adding and removing need OWNER.",
            "playlists", "Playlists with their sounds and play state; play, stop, skip and set volumes; one-shot sounds by "
                    + "file path. Controlling sound is for GMs.",
            "utility", "`/execute-js` runs JavaScript in the GM's browser as the body of a function (use `return`); the world "
                    + "offers `game` (world, system, users, actors, scenes, folders, items, journal, macros, playlists, "
                    + "messages) and `ChatMessage.create`. It is off unless the world's module settings allow it, needs a user "
                    + "of the configured role (GM by default), and the relay refuses scripts that touch storage, credentials, "
                    + "dynamic code or the module's settings. Upstream scripts may use `await`: it is accepted.");

    private static final Map<String, List<ErrorExample>> ERRORS = Map.of(
            "entities", List.of(
                    new ErrorExample("A player may not change a GM-owned document (HTTP 400, the module's text):", "PUT",
                            "/update?uuid=Actor.r6f4gUy0BQ8DEoFo&userId=Alice", "{\"data\":{\"name\":\"Boss\"}}"),
                    new ErrorExample("A player reading an actor it may not see:", "GET", "/get?uuid=Actor.r6f4gUy0BQ8DEoFo&userId=Alice", null),
                    new ErrorExample("A document that does not exist:", "DELETE", "/delete?uuid=Actor.doesNotExist0000", null)),
            "search", List.of(new ErrorExample("Neither query nor filter:", "GET", "/search", null)),
            "structure", List.of(
                    new ErrorExample("The retired contents endpoint:", "GET", "/contents/Heroes", null),
                    new ErrorExample("A folder with documents, without deleteAll:", "DELETE", "/delete-folder?folderId=hErOeSfOlDeR0001", null)),
            "selection", List.of(new ErrorExample("Nothing to select by:", "POST", "/select", "{\"overwrite\":true}")),
            "users", List.of(new ErrorExample("A player may not list users:", "GET", "/users?userId=Alice", null)),
            "chat", List.of(new ErrorExample("What a player sees (whispers to others left out):", "GET", "/chat?userId=Bob", null),
                    new ErrorExample("A player may not delete another user's message:", "DELETE", "/chat/Ch1Wl4Km8Tp2Vx6B?userId=Bob", null)),
            "macros", List.of(new ErrorExample("A player without OWNER on the macro:", "POST",
                    "/macro/Macro.Mg4Rt8Wq2Zx6Nc1P/execute?userId=Alice", "{}")),
            "effects", List.of(new ErrorExample("An unknown status:", "POST", "/effects", "{\"uuid\":\"Actor.kHvRwMzzuVtYkwMJ\",\"statusId\":\"sleepy\"}")),
            "playlists", List.of(new ErrorExample("An unknown playlist:", "POST", "/playlist/play", "{\"playlistName\":\"Silence\"}")),
            "utility", List.of(
                    new ErrorExample("A script the relay refuses:", "POST", "/execute-js", "{\"script\":\"return localStorage.length;\"}"),
                    new ErrorExample("A player may not run code:", "POST", "/execute-js", "{\"script\":\"return 1;\",\"userId\":\"Alice\"}")));

    /** {@code pathAndQuery} with {@code clientId=$CLIENT_ID} as the first query parameter. */
    static String withClient(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery + "?clientId=$CLIENT_ID"
                : pathAndQuery.substring(0, q) + "?clientId=$CLIENT_ID&" + pathAndQuery.substring(q + 1);
    }

    static String render(String group, Function<Route, Shown> example, ErrorCall error) {
        var title = TITLES.getOrDefault(group, group.substring(0, 1).toUpperCase(Locale.ROOT) + group.substring(1));
        var page = new DocPage(title, INTROS.getOrDefault(group, "The `" + group + "` endpoints.") + USER_NOTE);
        for (var route : RouteTable.all()) {
            if (!route.group().equals(group)) continue;
            page.route(route);
            var shown = example.apply(route);
            page.example("Example:", shown.curl(), shown.status(), shown.body());
        }
        var errors = ERRORS.getOrDefault(group, List.of());
        if (!errors.isEmpty()) page.heading("Errors");
        for (var e : errors) {
            var shown = error.run(e.method(), e.pathAndQuery(), e.body());
            page.example(e.caption(), shown.curl(), shown.status(), shown.body());
        }
        return page.markdown();
    }
}
