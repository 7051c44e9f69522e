package org.foundryrelay.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.util.MethodNotAllowedUtil;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
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

    /** Connections one address may have with request headers still arriving. */
    private static final int SLOW_HEADERS_PER_ADDRESS = 16;

    /** The one route whose body may exceed {@code MAX_BODY_SIZE_MB}, up to {@code MAX_UPLOAD_SIZE_MB}. */
    public static final String UPLOAD_PATH = "/upload";

    private HttpServer() {}

    /** Told about every finished request (for metrics); runs on the request's thread. */
    @FunctionalInterface
    public interface RequestObserver {
        RequestObserver NONE = (ctx, millis) -> { };

        void finished(Context ctx, float millis);
    }

    public static Javalin create(Config config, List<Endpoints> features) {
        return create(config, features, RequestObserver.NONE);
    }

    public static Javalin create(Config config, List<Endpoints> features, RequestObserver observer) {
        var cors = new Cors(config.corsOrigins());
        long maxBody = config.maxBodyBytes();
        long maxUpload = config.maxUploadBytes();
        var app = new AtomicReference<Javalin>();
        app.set(Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = maxBody;
            // Our own connector: the JDK's default listen backlog of 50 resets clients during bursts.
            c.jetty.addConnector((server, httpConfig) -> {
                if (!config.trustedProxies().isEmpty()) httpConfig.addCustomizer(new ClientAddresses(config.trustedProxies()));
                var connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setAcceptQueueSize(4096);
                connector.addBean(new SlowHeaderGuard(config.headerTimeoutMillis(), SLOW_HEADERS_PER_ADDRESS));
                return connector;
            });
            c.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            c.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JsonErrorHandler()));
            c.router.ignoreTrailingSlashes = true;
            c.requestLogger.http(observer == RequestObserver.NONE ? HttpServer::log : (ctx, ms) -> {
                log(ctx, ms);
                observer.finished(ctx, ms);
            });
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
            routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() == 404) notFound(app.get(), ctx);
                else Responses.json(ctx, e.getStatus(), Json.error(clean(e.getMessage(), e.getStatus())));
            });
            // The store is out of reach (pool exhausted, database restarting): the caller can retry, nothing is lost.
            routes.exception(org.foundryrelay.store.StoreException.class, (e, ctx) -> {
                LOG.warn("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                ctx.header("Retry-After", "1");
                Responses.json(ctx, 503, Json.error("Store unavailable, try again shortly"));
            });
            routes.exception(Exception.class, (e, ctx) -> {
                var unreadable = unreadableBody(e);
                if (unreadable != null) {
                    LOG.warn("unreadable request body on {} {}: {}", ctx.method(), ctx.path(), unreadable);
                    Responses.json(ctx, 400, Json.error("Could not read the request body: " + unreadable));
                    return;
                }
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                Responses.json(ctx, 500, Json.error("Internal server error"));
            });
            routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) notFound(app.get(), ctx);
            });
            features.forEach(f -> {
                f.configure(c);
                f.register(routes);
            });
        }));
        return app.get();
    }

    /** The methods some route serves {@code path} under (OPTIONS, answered everywhere for CORS, aside). */
    private static List<String> allowedMethods(Javalin app, String path) {
        if (app == null) return List.of();
        return MethodNotAllowedUtil.INSTANCE.findAvailableHttpHandlerTypes(app.unsafe.internalRouter, path).stream()
                .filter(type -> type != HandlerType.OPTIONS && type != HandlerType.HEAD)
                .map(HandlerType::toString).distinct().toList();
    }

    /** What went wrong reading a malformed body (such as a bad chunk size), or null for any other error. */
    private static String unreadableBody(Throwable e) {
        for (var t = e; t != null; t = t.getCause()) {
            if (t instanceof BadMessageException bad) return bad.getReason() == null ? "malformed body" : bad.getReason();
            if (t instanceof EofException || t instanceof java.io.IOException) {
                return t.getMessage() == null ? "connection closed while reading" : t.getMessage();
            }
        }
        return null;
    }

    /** 404 for a path nothing serves; 405 with {@code Allow} for a path served under other methods. */
    private static void notFound(Javalin app, Context ctx) {
        var allowed = allowedMethods(app, ctx.path());
        if (allowed.isEmpty()) {
            Responses.json(ctx, 404, Json.error("Not found: " + ctx.method() + " " + ctx.path()));
            return;
        }
        ctx.header("Allow", String.join(", ", allowed));
        var body = Json.error("Method " + ctx.method() + " is not allowed on " + ctx.path());
        allowed.forEach(body.putArray("allowed")::add);
        Responses.json(ctx, 405, body);
    }

    private static String clean(String message, int status) {
        if (status == 413) return "Request body too large";
        return message == null || message.isBlank() ? "HTTP " + status : message;
    }

    // One structured line per request; never a header, body or query value, which may carry secrets.
    // Nothing is computed when request lines are switched off (REQUEST_LOG_LEVEL=WARN).
    private static void log(Context ctx, Float millis) {
        if (!REQUESTS.isInfoEnabled()) return;
        REQUESTS.info("method={} path={} status={} ms={} account={} key={} ip={}", ctx.method(), RequestLog.path(ctx),
                ctx.statusCode(), millis(millis), RequestLog.account(ctx), RequestLog.key(ctx), ctx.req().getRemoteAddr());
    }

    /** Milliseconds with two decimals, as {@code %.2f} would print them, without a Formatter per request. */
    static String millis(float ms) {
        if (!Float.isFinite(ms) || ms < 0 || ms > 1e9f) return String.format(Locale.ROOT, "%.2f", ms);
        long hundredths = Math.round(ms * 100.0);
        long frac = hundredths % 100;
        return (hundredths / 100) + (frac < 10 ? ".0" : ".") + frac;
    }
}
