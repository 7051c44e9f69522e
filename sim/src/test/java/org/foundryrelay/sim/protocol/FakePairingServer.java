package org.foundryrelay.sim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The relay's pairing endpoints as a scripted HTTP server: {@code /auth/pair} accepts the codes it was
 * given, {@code /auth/pair-request} hands out a fixed request code, and each status poll answers with
 * the next scripted reply for that code (the last one repeats).
 */
final class FakePairingServer implements AutoCloseable {
    /** One scripted HTTP answer. */
    record Reply(int status, String body) {}

    final BlockingQueue<JsonNode> pairBodies = new LinkedBlockingQueue<>();
    final BlockingQueue<JsonNode> pairRequestBodies = new LinkedBlockingQueue<>();
    final BlockingQueue<String> contentTypes = new LinkedBlockingQueue<>();
    private final Map<String, Reply> pairReplies = new ConcurrentHashMap<>();
    private final Map<String, Queue<Reply>> statusReplies = new ConcurrentHashMap<>();
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    private volatile Reply pairRequestReply;
    private final HttpServer server;

    FakePairingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/auth/pair", this::pair);
        server.createContext("/auth/pair-request", this::pairRequest);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code POST /auth/pair} with {@code code} answers with {@code reply}; other codes get 404. */
    FakePairingServer onPair(String code, Reply reply) {
        pairReplies.put(code, reply);
        return this;
    }

    FakePairingServer onPairRequest(Reply reply) {
        pairRequestReply = reply;
        return this;
    }

    /** The successive answers of {@code GET /auth/pair-request/{code}/status}. */
    FakePairingServer onStatus(String code, Reply... replies) {
        statusReplies.put(code, new ConcurrentLinkedQueue<>(java.util.List.of(replies)));
        return this;
    }

    int polls(String code) {
        return polls.getOrDefault(code, 0);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void pair(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals("/auth/pair")) {
            respond(exchange, new Reply(404, "{\"error\":\"Not found\"}"));
            return;
        }
        JsonNode body = readJson(exchange);
        pairBodies.add(body);
        contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
        respond(exchange, pairReplies.getOrDefault(body.path("code").asText(),
                new Reply(404, "{\"error\":\"Invalid pairing code\"}")));
    }

    private void pairRequest(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/auth/pair-request") && exchange.getRequestMethod().equals("POST")) {
            pairRequestBodies.add(readJson(exchange));
            respond(exchange, pairRequestReply);
            return;
        }
        String code = path.substring("/auth/pair-request/".length()).replace("/status", "");
        polls.merge(code, 1, Integer::sum);
        Queue<Reply> script = statusReplies.get(code);
        if (script == null) {
            respond(exchange, new Reply(404, "{\"error\":\"Pair request not found\"}"));
            return;
        }
        Reply reply = script.size() > 1 ? script.poll() : script.peek();
        respond(exchange, reply);
    }

    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        return EchoWorld.MAPPER.readTree(exchange.getRequestBody().readAllBytes());
    }

    private static void respond(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
