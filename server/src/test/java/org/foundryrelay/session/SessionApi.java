package org.foundryrelay.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.TestRelay;

/** The session endpoints as a client calls them, with the client's side of the crypto. */
final class SessionApi {
    /** The OAEP variants the published examples use. */
    enum Oaep {
        SHA256(new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)),
        SHA1(new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT));

        final OAEPParameterSpec spec;

        Oaep(OAEPParameterSpec spec) {
            this.spec = spec;
        }
    }

    private final java.util.function.Function<String, java.net.URI> relay;
    private final String key;

    SessionApi(TestRelay relay, String key) {
        this(relay::uri, key);
    }

    /** Calls the relay whose address {@code relay} makes of a path (a relay in a process of its own). */
    SessionApi(java.util.function.Function<String, java.net.URI> relay, String key) {
        this.relay = relay;
        this.key = key;
    }

    HttpResponse<String> handshakeResponse(String foundryUrl, String username, String worldName) {
        var headers = new ArrayList<>(List.of("x-api-key", key));
        if (foundryUrl != null) headers.addAll(List.of("x-foundry-url", foundryUrl));
        if (username != null) headers.addAll(List.of("x-username", username));
        if (worldName != null) headers.addAll(List.of("x-world-name", worldName));
        return Http.post(relay.apply("/session-handshake"), "", headers.toArray(String[]::new));
    }

    JsonNode handshake(String foundryUrl, String username, String worldName) {
        var r = handshakeResponse(foundryUrl, username, worldName);
        if (r.statusCode() != 200) throw new AssertionError("handshake: " + r.statusCode() + " " + r.body());
        return json(r);
    }

    /** base64(RSA-OAEP({"password","nonce"})) with the handshake's public key. */
    static String encrypt(String publicKeyPem, String password, String nonce, Oaep oaep) {
        try {
            var payload = Json.write(Json.object().put("password", password).put("nonce", nonce));
            var cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, publicKey(publicKeyPem), oaep.spec);
            return Base64.getEncoder().encodeToString(cipher.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static PublicKey publicKey(String pem) throws Exception {
        var body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    HttpResponse<String> start(String token, String encryptedPassword, String... extraFields) {
        var body = Json.object().put("handshakeToken", token).put("encryptedPassword", encryptedPassword);
        for (int i = 0; i + 1 < extraFields.length; i += 2) body.put(extraFields[i], extraFields[i + 1]);
        return Http.post(relay.apply("/start-session"), Json.write(body), "x-api-key", key);
    }

    /** Handshake, encryption and start in one go. */
    HttpResponse<String> startSession(String foundryUrl, String username, String password, String worldName, Oaep oaep,
                                      String... extraFields) {
        var h = handshake(foundryUrl, username, worldName);
        return start(h.get("token").asText(), encrypt(h.get("publicKey").asText(), password, h.get("nonce").asText(), oaep),
                extraFields);
    }

    HttpResponse<String> end(String sessionId) {
        return Http.method(relay.apply("/end-session?sessionId=" + sessionId), "DELETE", null, "x-api-key", key);
    }

    JsonNode list() {
        var r = Http.get(relay.apply("/session"), "x-api-key", key);
        if (r.statusCode() != 200) throw new AssertionError("GET /session: " + r.statusCode() + " " + r.body());
        return json(r);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.parse(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }
}
