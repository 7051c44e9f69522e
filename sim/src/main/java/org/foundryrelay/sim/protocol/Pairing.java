package org.foundryrelay.sim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The module's HTTP calls for obtaining a connection token: exchanging a pairing code
 * ({@code POST /auth/pair}) and the browser flow ({@code POST /auth/pair-request}, then polling
 * {@code GET /auth/pair-request/{code}/status} until approved, then exchanging the code it yields).
 */
public final class Pairing {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The module polls the status every 3 s. */
    public static final Duration MODULE_POLL_INTERVAL = Duration.ofSeconds(3);

    private final HttpClient http;
    private final URI httpBase;

    /** @param httpBase the relay's HTTP base, e.g. {@code http://127.0.0.1:3010} (see {@link RelayUrls#httpBase}) */
    public Pairing(HttpClient http, URI httpBase) {
        this.http = Objects.requireNonNull(http, "http");
        String base = httpBase.toString();
        this.httpBase = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }

    /** Exchanges a pairing code (trimmed and upper-cased like the module does) for a token. */
    public Paired pairWithCode(String code, PairBody body) throws IOException, InterruptedException {
        if (code == null || code.isBlank()) throw new IllegalArgumentException("pairing code is empty");
        var json = Json.MAPPER.createObjectNode().put("code", code.trim().toUpperCase(Locale.ROOT));
        putIfSet(json, "worldId", body.worldId());
        putIfSet(json, "worldTitle", body.worldTitle());
        putIfSet(json, "serverFingerprint", body.serverFingerprint());
        putIfSet(json, "existingClientId", body.existingClientId());
        putIfSet(json, "serverOrigin", body.serverOrigin());
        var response = post("/auth/pair", json);
        String step = "POST /auth/pair";
        if (response.status() != 200) throw failure(step, response);
        JsonNode reply = response.json(step);
        String token = reply.path("token").asText("");
        String clientId = reply.path("clientId").asText("");
        if (token.isEmpty() || clientId.isEmpty()) throw new PairingException(step, 200, "reply lacks token or clientId");
        return new Paired(token, clientId, reply.path("relayUrl").asText(null));
    }

    /** Starts the browser flow; the user approves at {@link PairRequest#pairUrl()}. */
    public PairRequest requestPairing(PairRequestBody body) throws IOException, InterruptedException {
        var json = Json.MAPPER.createObjectNode();
        putIfSet(json, "worldId", body.worldId());
        putIfSet(json, "worldTitle", body.worldTitle());
        putIfSet(json, "systemId", body.systemId());
        putIfSet(json, "systemTitle", body.systemTitle());
        putIfSet(json, "systemVersion", body.systemVersion());
        putIfSet(json, "foundryVersion", body.foundryVersion());
        putIfSet(json, "serverFingerprint", body.serverFingerprint());
        putIfSet(json, "clientId", body.clientId());
        if (body.upgradeOnly() != null) json.put("upgradeOnly", body.upgradeOnly());
        String step = "POST /auth/pair-request";
        var response = post("/auth/pair-request", json);
        if (response.status() != 201 && response.status() != 200) throw failure(step, response);
        JsonNode reply = response.json(step);
        String code = reply.path("code").asText("");
        if (code.isEmpty()) throw new PairingException(step, response.status(), "reply lacks code");
        return new PairRequest(code, reply.path("pairUrl").asText(null), reply.path("upgradeOnly").asBoolean(false),
                reply.path("expiresIn").asLong(0));
    }

    /**
     * Polls the request's status every {@code pollInterval} until it is approved, then exchanges the
     * pairing code it yields via {@link #pairWithCode}. Rate-limit answers (429) just mean "poll again".
     *
     * @throws PairingException when the request is denied, expired, unknown, already exchanged, an
     *                          upgrade-only approval (no token), or {@code timeout} passes
     */
    public Paired awaitApproval(String requestCode, PairBody body, Duration pollInterval, Duration timeout)
            throws IOException, InterruptedException {
        String step = "pairing approval";
        String path = "/auth/pair-request/" + URLEncoder.encode(requestCode, StandardCharsets.UTF_8) + "/status";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var response = send(HttpRequest.newBuilder(httpBase.resolve(path)).GET());
            if (response.status() == 200) {
                JsonNode reply = response.json(step);
                String status = reply.path("status").asText("");
                switch (status) {
                    case "pending" -> { }
                    case "approved" -> {
                        String pairingCode = reply.path("pairingCode").asText("");
                        if (!pairingCode.isEmpty()) return pairWithCode(pairingCode, body);
                        throw new PairingException(step, 200, "approved as a permissions upgrade; no pairing code");
                    }
                    default -> throw new PairingException(step, 200, status.isEmpty() ? "unexpected reply" : status);
                }
            } else if (response.status() != 429) {
                throw failure(step, response);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) throw new PairingException(step, 0, "timed out after " + timeout);
            Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, left / 1_000_000)));
        }
    }

    private Response post(String path, ObjectNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(httpBase.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
    }

    private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        var built = request.timeout(REQUEST_TIMEOUT).header("User-Agent", "foundry-relay-sim").build();
        HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    /** Builds the exception from the relay's {@code {"error": …}} body (or its status / raw text). */
    private static PairingException failure(String step, Response response) {
        JsonNode json = response.parse();
        String error = null;
        if (json != null) {
            error = json.hasNonNull("error") ? json.get("error").asText()
                    : json.hasNonNull("status") ? json.get("status").asText() : null;
        }
        if (error == null && !response.body().isBlank()) error = abbreviate(response.body().strip());
        return new PairingException(step, response.status(), error);
    }

    private static void putIfSet(ObjectNode json, String name, String value) {
        if (value != null) json.put(name, value);
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private record Response(int status, String body) {
        JsonNode parse() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        JsonNode json(String step) throws PairingException {
            JsonNode node = parse();
            if (node == null || !node.isObject()) throw new PairingException(step, status, "reply is not a JSON object");
            return node;
        }
    }
}
