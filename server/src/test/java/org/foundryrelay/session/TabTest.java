package org.foundryrelay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One session tab in the real Chromium: where the token lands and what it may not reach. */
class TabTest {
    private static BrowserHost host;
    private static HttpServer foundry;
    private static HttpServer elsewhere;

    @BeforeAll
    static void start() throws Exception {
        host = new BrowserHost(Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium")), () -> { });
        foundry = page();
        elsewhere = page();
    }

    @AfterAll
    static void stop() {
        host.close();
        foundry.stop(0);
        elsewhere.stop(0);
    }

    private static HttpServer page() throws Exception {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", ex -> {
            var body = "<!DOCTYPE html><title>t</title>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/") ? 200 : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        return server;
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void theTokenIsSeededOnTheFoundryOriginOnlyBeforeItsScriptsRun() throws Exception {
        var tab = host.call(b -> Tab.open(b, host, url(foundry), "0123abcd", null, () -> { }));
        try {
            var seen = host.call(b -> {
                tab.page().navigate(url(foundry));
                var onFoundry = tab.page().evaluate("() => localStorage.getItem('foundry-rest-api.connectionToken')");
                tab.page().navigate(url(elsewhere));
                var onOther = tab.page().evaluate("() => localStorage.getItem('foundry-rest-api.connectionToken')");
                return java.util.Arrays.asList(onFoundry, onOther);
            });
            assertThat(seen.get(0)).as("JSON-encoded, as Foundry stores a client setting").isEqualTo("\"0123abcd\"");
            assertThat(seen.get(1)).isNull();
        } finally {
            host.call(b -> {
                tab.close();
                return null;
            });
        }
    }

    @Test
    void requestsToMetadataAndLinkLocalAddressesAreAborted() throws Exception {
        for (var blocked : List.of("http://169.254.169.254/latest/meta-data/", "http://169.254.1.1:30000/x",
                "http://[fe80::1]/", "http://[FD00:EC2::254]/", "https://metadata.google.internal/computeMetadata/v1/",
                "http://100.100.100.200/latest")) {
            assertThat(Tab.BLOCKED.matcher(blocked).find()).as(blocked).isTrue();
        }
        for (var allowed : List.of("http://127.0.0.1:30000/join", "https://foundry.example/game", "http://169.254x.example/",
                "http://10.0.0.1/metadata.google.internal")) {
            assertThat(Tab.BLOCKED.matcher(allowed).find()).as(allowed).isFalse();
        }
        var tab = host.call(b -> Tab.open(b, host, url(foundry), "t", null, () -> { }));
        try {
            var failures = new java.util.concurrent.CopyOnWriteArrayList<String>();
            var result = host.call(b -> {
                tab.page().onRequestFailed(r -> failures.add(r.url() + " " + r.failure()));
                tab.page().navigate(url(foundry));
                return tab.page().evaluate("async () => { const t0 = Date.now();"
                        + " try { await fetch('http://169.254.169.254/latest/meta-data/'); return 'fetched'; }"
                        + " catch (e) { return 'refused after ' + (Date.now() - t0) + ' ms'; } }");
            });
            assertThat((String) result).startsWith("refused after ");
            assertThat(Integer.parseInt(((String) result).replaceAll("\\D", ""))).isLessThan(2_000);
            // Aborted by the tab's route (net::ERR_FAILED), not a network error of this machine.
            assertThat(failures).containsExactly("http://169.254.169.254/latest/meta-data/ net::ERR_FAILED");
        } finally {
            host.call(b -> {
                tab.close();
                return null;
            });
        }
    }

    @Test
    void theJoinPageNamesTheUserThroughItsAutocompleteOrGameUsers() throws Exception {
        var driver = new FoundryDriver(host);
        var tab = host.call(b -> Tab.open(b, host, url(foundry), "t", null, () -> { }));
        try {
            // Entries with more than the name in them; the one greyed out is busy.
            show(tab, "<input id='join-username' name='username'><ul id='autocomplete'>"
                    + "<li data-identifier='u2'>Gamemaster Two</li>"
                    + "<li data-identifier='u1' data-disabled='true'><span class='name'>Gamemaster</span><small>GM</small></li></ul>");
            assertThat(driver.findUser(tab, " gamemaster ")).isEqualTo(new FoundryDriver.JoinUser("name", "u1", true, "u2,u1"));
            // No entries but game.users: the fallback.
            show(tab, "<input id='join-username' name='username'><script>window.game = {users:"
                    + " [{id: 'u3', name: 'Alice', active: false}, {id: 'u4', name: 'Gamemaster', active: false}]};</script>");
            assertThat(driver.findUser(tab, "GAMEMASTER")).isEqualTo(new FoundryDriver.JoinUser("name", "u4", false, ""));
            // An autocomplete that reacts to key strokes only, and late: typing makes it show the user.
            var name = "Sir Reginald Featherstonehaugh the Third \uD83D\uDC09";
            show(tab, "<input id='join-username' name='username'><ul></ul><script>"
                    + "document.getElementById('join-username').addEventListener('keyup', (e) => setTimeout(() => {"
                    + " const li = document.createElement('li'); li.dataset.identifier = 'u5';"
                    + " li.textContent = e.target.value; document.querySelector('ul').replaceChildren(li); }, 200));</script>");
            assertThat(driver.findUser(tab, name).id()).isNull();
            assertThat(driver.typeUserName(tab, name)).isTrue();
            String typed = host.call(b -> tab.page().inputValue("#join-username"));
            assertThat(typed).isEqualTo(name);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (driver.findUser(tab, name).id() == null && System.nanoTime() < deadline) Thread.onSpinWait();
            assertThat(driver.findUser(tab, name).id()).isEqualTo("u5");
            // The v13 select.
            show(tab, "<select name='userid'><option value=''></option><option value='u6' disabled>Gamemaster</option></select>");
            assertThat(driver.findUser(tab, "gamemaster")).isEqualTo(new FoundryDriver.JoinUser("select", "u6", true, ""));
        } finally {
            host.call(b -> {
                tab.close();
                return null;
            });
        }
    }

    private static void show(Tab tab, String html) throws Exception {
        host.call(b -> {
            tab.page().setContent("<!DOCTYPE html><title>join</title>" + html);
            return null;
        });
    }

    @Test
    void aMissingChromiumIsReportedAsSuch() {
        var missing = new BrowserHost(Path.of("/nonexistent/chromium"), () -> { });
        try {
            assertThatThrownBy(() -> missing.call(b -> b.version())).isInstanceOfSatisfying(LaunchException.class, e -> {
                assertThat(SessionEndpoints.status(e.failure())).isEqualTo(503);
                assertThat(e.failure().message()).contains("no Chromium at /nonexistent/chromium", "CHROMIUM_PATH");
            });
        } finally {
            missing.close();
        }
    }
}
