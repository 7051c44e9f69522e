package org.foundryrelay.session;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * One plain HTTP request to the Foundry URL before any browser work, so an unreachable server is reported
 * within seconds and never holds the browser thread. Any HTTP answer counts as reachable; so does a TLS
 * failure, since Chromium trusts the system's certificates, not the JDK's, and decides for itself.
 */
final class Reachability {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Reachability() {}

    static void check(URI url) throws LaunchException, InterruptedException {
        var request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15)).GET().build();
        try {
            CLIENT.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(url, "connection timed out");
        } catch (HttpTimeoutException e) {
            throw unreachable(url, "no answer within 15 s");
        } catch (ConnectException e) {
            if (e.getCause() instanceof UnresolvedAddressException) throw unreachable(url, "unknown host");
            throw unreachable(url, "connection refused");
        } catch (IOException e) {
            if (e instanceof SSLException || e.getCause() instanceof SSLException) return;
            throw unreachable(url, e.getMessage() == null ? e.getClass().getSimpleName() : BrowserHost.firstLine(e.getMessage()));
        }
    }

    private static LaunchException unreachable(URI url, String detail) {
        return new LaunchException(new StartFailure.FoundryUnreachable(url.toString(), detail));
    }
}
