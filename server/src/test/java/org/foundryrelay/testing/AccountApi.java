package org.foundryrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.foundryrelay.json.Json;

/** The account API over real HTTP, as an integration or the dashboard's script would call it. */
public final class AccountApi {
    private final TestRelay relay;

    public AccountApi(TestRelay relay) {
        this.relay = relay;
    }

    /** A call's status and parsed JSON body. */
    public record Answer(int status, JsonNode body) {
        public String error() {
            return body.path("error").asText(null);
        }
    }

    public static Answer answer(HttpResponse<String> r) {
        try {
            return new Answer(r.statusCode(), r.body().isBlank() ? Json.object() : Json.parse(r.body()));
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    /** Any call; {@code token} null sends no Authorization header. */
    public Answer call(String method, String path, String token, Object body) {
        var b = Http.builder(relay.uri(path));
        if (token != null) b.header("Authorization", "Bearer " + token);
        var json = body == null ? null : body instanceof String s ? s : Json.write(body);
        if (json != null) b.header("Content-Type", "application/json");
        b.method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(json));
        return answer(Http.send(b.build()));
    }

    /** Registers (registration must be open) and returns the session token. */
    public String register(String email, String password) {
        var a = call("POST", "/auth/register", null, Json.object().put("email", email).put("password", password));
        if (a.status() != 201) throw new AssertionError("register failed: " + a);
        return a.body().path("sessionToken").asText();
    }

    public Answer login(String email, String password) {
        return call("POST", "/auth/login", null, Json.object().put("email", email).put("password", password));
    }

    /** Signs in and returns the session token. */
    public String token(String email, String password) {
        var a = login(email, password);
        if (a.status() != 200) throw new AssertionError("login failed: " + a);
        return a.body().path("sessionToken").asText();
    }

    /** Creates a key with the given scopes and returns the create answer (which holds the plain key). */
    public JsonNode createKey(String token, String name, String... scopes) {
        var body = Json.object().put("name", name);
        var arr = body.putArray("scopes");
        for (var s : scopes) arr.add(s);
        var a = call("POST", "/auth/api-keys", token, body);
        if (a.status() != 201) throw new AssertionError("key creation failed: " + a);
        return a.body();
    }
}
