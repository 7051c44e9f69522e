package org.foundryrelay.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small real HTTP client for tests. Headers are given as name, value pairs. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The same client, for tests that read or send bytes rather than text. */
    public static final HttpClient CLIENT_FOR_BYTES = CLIENT;

    private Http() {}

    public static HttpResponse<String> get(URI uri, String... headers) {
        return send(builder(uri, headers).GET().build());
    }

    public static HttpResponse<String> post(URI uri, String body, String... headers) {
        return send(builder(uri, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public static HttpResponse<String> method(URI uri, String method, String body, String... headers) {
        var publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return send(builder(uri, headers).method(method, publisher).build());
    }

    public static HttpRequest.Builder builder(URI uri, String... headers) {
        var b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) b.headers(headers);
        return b;
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
