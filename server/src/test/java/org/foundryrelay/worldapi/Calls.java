package org.foundryrelay.worldapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.TestRelay;

/** JSON calls to a test relay with one key, for the world API tests. */
record Calls(TestRelay relay, String key) {

    /** An answer: its status and its body parsed. */
    record Answer(int status, JsonNode body, String text) {}

    Answer get(String pathAndQuery) {
        return answer(Http.get(relay.uri(pathAndQuery), "x-api-key", key));
    }

    Answer post(String pathAndQuery, String body) {
        return answer(Http.post(relay.uri(pathAndQuery), body, "x-api-key", key));
    }

    Answer put(String pathAndQuery, String body) {
        return answer(Http.method(relay.uri(pathAndQuery), "PUT", body, "x-api-key", key, "Content-Type", "application/json"));
    }

    Answer delete(String pathAndQuery) {
        return answer(Http.method(relay.uri(pathAndQuery), "DELETE", null, "x-api-key", key));
    }

    private static Answer answer(HttpResponse<String> r) {
        JsonNode body;
        try {
            body = Json.parse(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON (HTTP " + r.statusCode() + "): " + r.body(), e);
        }
        return new Answer(r.statusCode(), body, r.body());
    }
}
