package org.foundryrelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.foundryrelay.config.Config;
import org.foundryrelay.http.HttpServer;
import org.foundryrelay.json.Json;
import org.foundryrelay.store.AccountRepository;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.Database;
import org.foundryrelay.store.PairRequestRepository;
import org.foundryrelay.store.PairingCodeRepository;
import org.foundryrelay.store.TokenRepository;
import org.foundryrelay.store.WorldRepository;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.Pairings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two seams to the world registry, observed from outside: self-unpair closes the token's socket with
 * 4002 "Unpaired by owner", and the active probe answers from the registry.
 */
class PairingSeamsTest {
    record Closed(String tokenId, int code, String reason) {}

    @TempDir
    Path dir;
    Database db;
    Javalin http;
    Pairing pairing;
    final List<Closed> closed = new CopyOnWriteArrayList<>();
    final Set<String> online = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() {
        var config = Config.from(Map.of("PORT", "0", "HOST", "127.0.0.1", "DATA_DIR", dir.toString()));
        var clock = Clock.systemUTC();
        db = Database.open(config.database());
        var worlds = new WorldRepository(db);
        pairing = new Pairing(new PairingCodeRepository(db), worlds, new ConnectionTokens(new TokenRepository(db), clock), clock);
        var requests = new PairRequests(new PairRequestRepository(db), worlds, pairing, clock);
        http = HttpServer.create(config, List.of(new PairingEndpoints(pairing, requests, new RateLimiter(0, clock),
                (id, code, reason) -> {
                    closed.add(new Closed(id, code, reason));
                    return 1;
                }, online::contains)));
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop();
        db.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }

    private Map<String, String> pairAWorld() throws Exception {
        var account = new KeyService(new AccountRepository(db), new ApiKeyRepository(db), Clock.systemUTC())
                .createAccount("seams");
        var code = pairing.createCode(account.id(), null).code();
        var r = Http.post(uri("/auth/pair"), Json.write(Json.object().put("code", code).put("worldId", "w")));
        var body = Pairings.json(r);
        return Map.of("token", body.get("token").asText(), "clientId", body.get("clientId").asText());
    }

    @Test
    void selfUnpairClosesTheTokensSocket() throws Exception {
        var world = pairAWorld();
        Http.post(uri("/api/self-unpair"), "{\"token\":\"" + "0".repeat(64) + "\"}");
        assertThat(closed).as("an unknown token closes nothing").isEmpty();

        var r = Http.post(uri("/api/self-unpair"), "{\"token\":\"" + world.get("token") + "\"}");
        assertThat(r.body()).contains("Unpaired successfully");
        assertThat(closed).hasSize(1);
        assertThat(closed.getFirst().code()).isEqualTo(4002);
        assertThat(closed.getFirst().reason()).isEqualTo("Unpaired by owner");
        assertThat(closed.getFirst().tokenId()).startsWith("tok_");

        Http.post(uri("/api/self-unpair"), "{\"token\":\"" + world.get("token") + "\"}");
        assertThat(closed).as("nothing to close the second time").hasSize(1);
    }

    @Test
    void theActiveProbeAsksTheRegistry() throws Exception {
        var world = pairAWorld();
        var path = "/api/clients/" + world.get("clientId") + "/active";
        assertThat(Http.get(uri(path)).body()).isEqualTo("{\"active\":false}");
        online.add(world.get("clientId"));
        assertThat(Http.get(uri(path)).body()).isEqualTo("{\"active\":true}");
        assertThat(Http.get(uri("/api/clients/fvtt_0000000000000000/active")).statusCode()).isEqualTo(404);
    }
}
