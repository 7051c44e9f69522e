package org.foundryrelay.web;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The dashboard's stylesheet and script, read once from the jar. */
public final class StaticFiles implements org.foundryrelay.http.Endpoints {
    private static final Map<String, String> TYPES = Map.of("app.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8");

    @Override
    public void register(RoutesConfig routes) {
        TYPES.forEach((file, type) -> {
            var bytes = load(file);
            routes.get("/dashboard/static/" + file, ctx -> {
                ctx.header("Cache-Control", "public, max-age=300");
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.contentType(type).result(bytes);
            });
        });
    }

    private static byte[] load(String file) {
        try (var in = StaticFiles.class.getResourceAsStream("/web/" + file)) {
            if (in == null) throw new IllegalStateException("missing dashboard file " + file);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
