package org.foundryrelay.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import java.util.List;
import java.util.Locale;
import org.foundryrelay.config.Config;
import org.foundryrelay.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's one Jetty server (through Javalin, on virtual threads): the cross-cutting behaviour every
 * endpoint shares — JSON errors, CORS, body limits, one log line per request — and each feature's
 * endpoints.
 */
public final class HttpServer {
    private static final Logger REQUESTS = LoggerFactory.getLogger("request");
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

    /** The one route whose body may exceed {@code MAX_BODY_SIZE_MB}, up to {@code MAX_UPLOAD_SIZE_MB}. */
    public static final String UPLOAD_PATH = "/upload";

    private HttpServer() {}

    public static Javalin create(Config config, List<Endpoints> features) {
        var cors = new Cors(config.corsOrigins());
        long maxBody = config.maxBodyBytes();
        long maxUpload = config.maxUploadBytes();
        return Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = maxBody;
            // Our own connector: the JDK's default listen backlog of 50 resets clients during bursts.
            c.jetty.addConnector((server, httpConfig) -> {
                var connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setAcceptQueueSize(4096);
                return connector;
            });
            c.router.ignoreTrailingSlashes = true;
            c.requestLogger.http(HttpServer::log);
            var routes = c.routes;
            routes.before(ctx -> {
                cors.apply(ctx);
                if (ctx.method() == HandlerType.OPTIONS) return;
                long length = ctx.req().getContentLengthLong();
                // Uploads have their own limit: they are streamed to the world rather than read into memory.
                if (UPLOAD_PATH.equals(ctx.path())) {
                    if (length > maxUpload) {
                        throw new ApiException(413, "Upload too large (limit " + maxUpload / (1024 * 1024) + " MB)");
                    }
                } else if (length > maxBody) {
                    throw new ApiException(413, "Request body too large (limit " + maxBody / (1024 * 1024) + " MB)");
                }
            });
            routes.addHttpHandler(HandlerType.OPTIONS, "/*", cors::preflight);
            routes.exception(ApiException.class, (e, ctx) -> {
                e.headers().forEach(ctx::header);
                Responses.json(ctx, e.status(), e.body());
            });
            routes.exception(HttpResponseException.class, (e, ctx) -> Responses.json(ctx, e.getStatus(),
                    Json.error(e.getStatus() == 404 ? notFound(ctx) : clean(e.getMessage(), e.getStatus()))));
            routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                Responses.json(ctx, 500, Json.error("Internal server error"));
            });
            routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) Responses.json(ctx, 404, Json.error(notFound(ctx)));
            });
            features.forEach(f -> {
                f.configure(c);
                f.register(routes);
            });
        });
    }

    private static String notFound(Context ctx) {
        return "Not found: " + ctx.method() + " " + ctx.path();
    }

    private static String clean(String message, int status) {
        if (status == 413) return "Request body too large";
        return message == null || message.isBlank() ? "HTTP " + status : message;
    }

    // One structured line per request; never a header, body or query value, which may carry secrets.
    // Nothing is computed when request lines are switched off (REQUEST_LOG_LEVEL=WARN).
    private static void log(Context ctx, Float millis) {
        if (!REQUESTS.isInfoEnabled()) return;
        REQUESTS.info("method={} path={} status={} ms={} account={} key={}", ctx.method(), RequestLog.path(ctx),
                ctx.statusCode(), millis(millis), RequestLog.account(ctx), RequestLog.key(ctx));
    }

    /** Milliseconds with two decimals, as {@code %.2f} would print them, without a Formatter per request. */
    static String millis(float ms) {
        if (!Float.isFinite(ms) || ms < 0 || ms > 1e9f) return String.format(Locale.ROOT, "%.2f", ms);
        long hundredths = Math.round(ms * 100.0);
        long frac = hundredths % 100;
        return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac;
    }
}
