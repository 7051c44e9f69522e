package org.foundryrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.foundryrelay.json.Json;

/** Calls to a relay with one API key, answers parsed: for tests that drive a world through the REST API. */
public final class WorldApi {
    private final TestRelay relay;
    private final String key;

    public WorldApi(TestRelay relay, String key) {
        this.relay = relay;
        this.key = key;
    }

    /** A status and a parsed JSON body. */
    public record Answer(int status, JsonNode body) {
        /** A field by JSON pointer, e.g. {@code /data/id}. */
        public JsonNode at(String pointer) {
            return body.at(pointer);
        }

        public String error() {
            return body.path("error").asText(null);
        }
    }

    public Answer get(String pathAndQuery) {
        return answer(Http.get(relay.uri(pathAndQuery), "x-api-key", key));
    }

    public Answer post(String pathAndQuery, String body) {
        return send("POST", pathAndQuery, body);
    }

    public Answer put(String pathAndQuery, String body) {
        return send("PUT", pathAndQuery, body);
    }

    public Answer delete(String pathAndQuery) {
        return send("DELETE", pathAndQuery, "{}");
    }

    public Answer send(String method, String pathAndQuery, String body) {
        return answer(Http.method(relay.uri(pathAndQuery), method, body, "x-api-key", key, "Content-Type", "application/json"));
    }

    private static Answer answer(java.net.http.HttpResponse<String> r) {
        try {
            return new Answer(r.statusCode(), Json.parse(r.body()));
        } catch (Exception e) {
            throw new AssertionError("not JSON (HTTP " + r.statusCode() + "): " + r.body(), e);
        }
    }
}
