package org.foundryrelay.docs;

import java.time.Duration;
import org.foundryrelay.testing.ApiSocket;

/** The fixed text of docs/api/websocket.md, and the recorder of the session it shows. */
final class WebSocketPage {
    private WebSocketPage() {}

    static final String INTRO = """
            One WebSocket instead of many HTTP calls and event streams, for apps that keep a world open (overlays, \
            bots, companion apps). It speaks the upstream relay's `/ws/api` protocol, under the same rules as HTTP: \
            every message type of the route table is served by its row, with the row's scope, parameters, bound \
            worlds and bound Foundry user, and every event channel served over SSE can be subscribed to.""";

    static final String REFERENCE = """
            ## Connecting

            `ws://relay-host:3010/ws/api` (`wss://` behind TLS), optionally `?clientId=fvtt_…`. The API key comes \
            in the first message, `{"type":"auth","token":"<API key>","clientId":"<optional>"}`, within 10 seconds; \
            or in the upgrade request as the `x-api-key` header (then no auth message is needed); older clients \
            send `?token=<API key>`, which works too but puts the key in URLs. Connection tokens (the worlds' own \
            credentials) are not API keys and are refused. The world is the `clientId` given (message first, then \
            query), else the only connected world the key reaches. A request or subscription may name another \
            world with its own `clientId` field, within the worlds the key may reach.

            The relay answers with `{"type":"connected","clientId","supportedTypes":[every message type],"eventChannels":[…]}` \
            (no `auth-success`, as upstream). A socket the relay will not serve is closed:

            | Code | Reason |
            | --- | --- |
            | 4002 | `Authentication timeout`, `Invalid auth message`, `Invalid API key`, `API key has expired`, `API key is disabled`, `No connected Foundry client found`, `Multiple clients connected. Please specify clientId.`, `Invalid clientId` (not connected, or another account's), `API key does not match the specified clientId`; also when the key is revoked, disabled or expires while the socket is open |
            | 4029 | `Too many sockets for this API key (limit N)` (`WS_API_MAX_SOCKETS_PER_KEY`, 10) |
            | 4008 | `Send queue full: the client is not reading its messages`: more than `WS_API_SEND_QUEUE_KB` (4096 KB) or 4096 messages waited to be sent; a client that does not read the close frame either is disconnected 5 seconds later |
            | 1009 | a message larger than `MAX_BODY_SIZE_MB` |

            ## Requests

            `{"type":"<message type>","requestId":<string or number>, …parameters}`: the message types and \
            parameters are those of the HTTP endpoints (see the other pages; a parameter read from the query or \
            the body over HTTP is a field of the message here). Each message is checked as an HTTP call is: the \
            key again (so revoking it takes effect at once), the per-key minute limit (`PER_MINUTE_REQUEST_LIMIT`, \
            shared with HTTP), the monthly limit, the row's scope, its parameters and rules, the worlds the key is \
            bound to, and its bound Foundry user, which replaces any `userId`. Replies can come in any order; \
            match them by `requestId`.

            * The world's answer: the module's JSON with `type` set to `<type>-result`, the client's `requestId` \
            and the world's `clientId`. An error of the module's own (an invalid formula, a player who may not \
            start a combat) stays inside as `error`.
            * When the relay answers for the world: `<type>-result` with `error` and `status` — 408 \
            `Request timed out`, 502 `Foundry world disconnected before answering`, 503 when the world's queue is \
            full, 429 `Too many concurrent requests; try again shortly` beyond 256 requests waiting on one socket.
            * Refused before reaching a world: `{"type":"error","requestId","error","status"}`, with the HTTP status \
            the same call would get: `Invalid JSON`, `Missing "type" field`, `Unknown message type: "x"`, \
            `Missing "requestId" field for request messages`, parameter errors (400), `API key lacks required \
            scope: x` (403), the minute limit (429), a world the key may not reach (403) or that is not connected \
            (404). The socket stays open.

            `{"type":"ping","requestId"?}` is answered `{"type":"pong","requestId"}`. The relay also sends a \
            WebSocket ping every `WEBSOCKET_PING_INTERVAL_MS`; a client that answers nothing for two periods is \
            dropped.

            ## Subscriptions

            `{"type":"subscribe","channel":"roll-events"|"combat-events","requestId","clientId"?,"filters"?,"lastEventId"?}` \
            → `{"type":"subscribed","channel","requestId","clientId"}`. Scope `events:subscribe`. Filters are the \
            SSE endpoints' query parameters (`userId` for rolls, `encounterId` for combat), in `filters` or as \
            top-level fields; a key bound to a Foundry user sees only that user's rolls. Subscribing again to the \
            same world's channel replaces the filter. `lastEventId` replays what was missed since that event id.

            Events arrive as `{"type":"roll-event"|"combat-event","event":<the SSE event name>,"id":<the SSE event \
            id>,"clientId","data":<the SSE event's data>}`: one event has the same id on every transport. SSE \
            streams and socket subscriptions on a world's channel are counted together in what the module is told, \
            so it keeps the channel on until the last of them leaves. Socket subscriptions outlive a disconnect of \
            the world and resume when it reconnects.

            `{"type":"unsubscribe","channel"?,"requestId"}` → `{"type":"unsubscribed","channel":<channel or "all">,"removed":n,"requestId"}`. \
            Closing the socket ends its subscriptions.

            ## Differences from the upstream relay

            * Scopes are checked on every message (upstream checks none, so any key could send `execute-js`), and \
            `_scopes` reaches the module as over HTTP.
            * Connection tokens are refused; only API keys connect.
            * Subscription filters are applied (upstream ignores them), events carry ids, and `lastEventId` resumes.
            * `roll-event` data is the roll itself, as over SSE (upstream nests it in `{"type":"roll-data","data":…}`).
            * Error frames and relay-made results carry `status`.
            * Interactive sessions (`interactive-session-start` and its messages) are not served.

            ## World-to-world calls

            A world can call another world of the same account through the relay: the module sends \
            `{"type":"remote-request","requestId","targetClientId","action":<message type>,"payload":{…}}` on its \
            `/relay` socket and gets `{"type":"remote-response","requestId","success":true,"data":<the target's \
            answer without its requestId>}`, or `"success":false` with `error`. Nothing is allowed until an \
            operator grants it on the calling world's connection token:

            ```bash
            ./relay tokens list --account mytable                      # find the world's token id
            ./relay tokens allow-targets tok_… fvtt_a1b2c3d4e5f60718 --scopes roll:read,roll:execute --per-hour 100
            ./relay tokens allow-targets tok_… '*'                     # every world of the account
            ./relay tokens allow-targets tok_… none                    # none again
            ./relay tokens remote-log --account mytable                # every call, refused ones included
            ```

            Only worlds of the token's own account can be named. A call goes through the called endpoint's row \
            as an API call would (its parameters and rules; the granted scopes as `_scopes`). Refusals: \
            `targetClientId and action are required`, `Target client not allowed for this connection: <id>`, \
            `Target client is not connected: <id>` (also for another account's world), `Unknown action: <type>`, \
            `Remote scope not granted: <scope>`, the row's parameter errors, `remote-request rate limit exceeded \
            (N/hour)` (per calling world, counting the calls of the last hour that were not refused; 100 unless \
            set, `--per-hour 0` = no cap). `{"type":"get-known-clients","requestId"}` is answered with \
            `{"type":"known-clients-result","requestId","clients":[{clientId, worldTitle, customName, systemTitle, \
            systemId, isOnline, canAutoStart, publicUrl}],"tokenScopes":[…],"tokenAllowedTargets":[…]}`: the \
            other worlds of the account, with what the world's token grants.""";

    private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("\"id\":\"\\d{13,}\"");

    /** Records one socket session as {@code →}/{@code ←} lines, with event ids pinned so the page is stable. */
    static final class Session {
        private final ApiSocket ws;
        private final StringBuilder lines;
        private int events;

        Session(ApiSocket ws, StringBuilder lines) {
            this.ws = ws;
            this.lines = lines;
        }

        void send(String frame) {
            lines.append("→ ").append(frame).append('\n');
            ws.send(frame);
        }

        void receive() {
            var m = ws.next(Duration.ofSeconds(5));
            if (m == null) throw new AssertionError("the relay sent nothing");
            // Event ids come from the relay's clock; number them from a fixed base, as the SSE page does.
            var ids = EVENT_ID.matcher(m.toString());
            var text = ids.find() ? ids.replaceFirst("\"id\":\"" + (1_795_000_000_000_001L + events++) + "\"") : m.toString();
            lines.append("← ").append(text).append('\n');
        }
    }
}
