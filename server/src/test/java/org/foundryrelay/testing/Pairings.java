package org.foundryrelay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.foundryrelay.json.Json;

/** Pairing as the module does it, against a test relay: codes from the CLI, exchanges over HTTP. */
public final class Pairings {
    private Pairings() {}

    /** Creates the account if needed and prints a pairing code for it (optionally bound to a world). */
    public static String code(TestRelay relay, String account, String... extra) {
        relay.cli("accounts", "create", account);
        var argv = new java.util.ArrayList<>(java.util.List.of("pair", "--account", account));
        argv.addAll(java.util.List.of(extra));
        var run = relay.cli(argv.toArray(String[]::new));
        if (run.exitCode() != 0) throw new IllegalStateException("pair failed: " + run.err());
        return run.out().trim();
    }

    /** {@code POST /auth/pair} with the given body fields (null values are left out). */
    public static HttpResponse<String> pair(TestRelay relay, Map<String, String> fields, String... headers) {
        var body = Json.object();
        fields.forEach((k, v) -> {
            if (v != null) body.put(k, v);
        });
        return Http.post(relay.uri("/auth/pair"), Json.write(body), headers);
    }

    /** Pairs with a fresh code of the account and returns the answer, which must be a 200. */
    public static JsonNode paired(TestRelay relay, String account, Map<String, String> fields) {
        var withCode = new java.util.HashMap<>(fields);
        withCode.put("code", code(relay, account));
        var r = pair(relay, withCode);
        if (r.statusCode() != 200) throw new IllegalStateException("pairing failed: " + r.statusCode() + " " + r.body());
        return json(r);
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.parse(r.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("not JSON: " + r.body(), e);
        }
    }
}
