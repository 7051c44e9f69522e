package org.foundryrelay.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/openapi.json} is a valid OpenAPI document and describes every HTTP route the relay serves. */
class OpenApiTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of());

    private String document() {
        var r = Http.get(env.relay().uri("/api/openapi.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    @Test
    void aValidatorFindsNothingToSay() {
        var options = new ParseOptions();
        options.setResolve(true);
        var result = new OpenAPIV3Parser().readContents(document(), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/get", "/chat/{messageId}", "/macro/{uuid}/execute",
                "/chat/subscribe", "/clients", "/start-session", "/contents/{path}");
    }

    /** The dashboard's pages are for people in a browser, not part of the API (docs/DASHBOARD.md has them). */
    private static boolean browserPage(String path) {
        return path.equals("/") || path.equals("/dashboard") || path.startsWith("/dashboard/") || path.startsWith("/approve/");
    }

    @Test
    void everyServedRouteIsDescribed() throws Exception {
        var paths = Json.parse(document()).path("paths");
        var missing = new ArrayList<String>();
        for (var served : env.relay().relay().httpRoutes()) {
            var method = served.substring(0, served.indexOf(' ')).toLowerCase(Locale.ROOT);
            var path = served.substring(served.indexOf(' ') + 1).replace("/*", "/{path}");
            if (browserPage(path)) continue;
            if (!paths.path(path).has(method)) missing.add(served);
        }
        assertThat(missing).as("served but not in the OpenAPI document").isEmpty();
        for (var route : RouteTable.all()) {
            assertThat(paths.path(route.path()).has(route.method().name().toLowerCase(Locale.ROOT))).as(route.path()).isTrue();
        }
    }

    @Test
    void theRelaysOwnAnswerToARetiredPathIsTheUpstreamOne() {
        var key = env.relay().key("retired", "structure:read");
        var r = Http.get(env.relay().uri("/contents/Heroes/Goblins"), "x-api-key", key);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"This endpoint has been deprecated.\",\"message\":\"Use GET /structure "
                + "with the path query parameter instead.\",\"example\":\"/structure?path=your/path&recursive=true\"}");
        var noScope = env.relay().key("retired", "search");
        assertThat(Http.get(env.relay().uri("/contents/x"), "x-api-key", noScope).statusCode()).isEqualTo(403);
    }
}
