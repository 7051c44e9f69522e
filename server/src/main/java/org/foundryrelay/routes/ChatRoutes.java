package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.ARRAY;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.List;
import org.foundryrelay.auth.Scope;

/** The chat log: read (whispers only for their author, recipients and GMs), post, delete, flush. */
final class ChatRoutes {
    private ChatRoutes() {}

    private static final String GROUP = "chat";

    static List<Route> all() {
        return List.of(
                Route.get("/chat", "chat-messages").scope(Scope.CHAT_READ).group(GROUP).summary("Chat messages, newest first").params(
                                Param.optional("limit", QUERY, NUMBER, "how many (default 50)"),
                                Param.optional("offset", QUERY, NUMBER, "how many newest to skip (default 0)"),
                                Param.optional("chatType", QUERY, NUMBER, "only this message style (0 other, 1 out of character, 2 in character, 3 emote)"),
                                Param.optional("speaker", QUERY, ANY, "only messages whose speaker alias is exactly this"),
                                USER_ID)
                        .example("/chat?limit=2", null).build(),
                Route.post("/chat", "chat-send").scope(Scope.CHAT_WRITE).group(GROUP).summary("Post a chat message").params(
                                Param.required("content", BODY, STRING, "the message (HTML allowed)"),
                                Param.optional("whisper", BODY, ARRAY, "user ids (or names) to whisper to"),
                                Param.optional("speaker", BODY, ANY, "an actor or token UUID to speak as"),
                                Param.optional("alias", BODY, ANY, "the name shown as speaker"),
                                Param.optional("chatType", BODY, NUMBER, "the message style (0 other, 1 out of character, 2 in character, 3 emote)"),
                                Param.optional("flavor", BODY, ANY, "flavor text"),
                                USER_ID)
                        .example("/chat", "{\"content\":\"The goblins flee into the cave.\",\"speaker\":\"Actor.r6f4gUy0BQ8DEoFo\"}").build(),
                Route.delete("/chat/{messageId}", "chat-delete").scope(Scope.CHAT_WRITE).group(GROUP)
                        .summary("Delete one message (its author or a GM)")
                        .params(Param.path("messageId", "the message's id"), USER_ID)
                        .example("/chat/Ch3Bb5Rx1Mv8Pc4T", null).build(),
                Route.delete("/chat", "chat-flush").scope(Scope.CHAT_WRITE).group(GROUP)
                        .summary("Delete every chat message (GM only)").params(USER_ID).example("/chat", null).build());
    }
}
