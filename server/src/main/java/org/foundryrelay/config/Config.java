package org.foundryrelay.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything the relay reads from its environment, typed and checked once at start-up. Variable names
 * follow the established relay's where one exists, so existing deployments keep working.
 *
 * @param port                 HTTP and WebSocket port ({@code PORT}, 3010)
 * @param host                 bind address ({@code HOST}, all interfaces)
 * @param database             where accounts, keys and worlds are stored
 * @param dataDir              state directory ({@code DATA_DIR}, ./data); holds relay.db by default
 * @param perMinuteRequestLimit per-key requests a minute ({@code PER_MINUTE_REQUEST_LIMIT}, 300; 0 = off)
 * @param maxBodyBytes         largest accepted request body ({@code MAX_BODY_SIZE_MB}, 10)
 * @param corsOrigins          allowed browser origins ({@code CORS_ORIGINS}, comma-separated, "*" = any)
 * @param pingIntervalMillis   WebSocket ping period towards worlds ({@code WEBSOCKET_PING_INTERVAL_MS}, 20000)
 * @param requestTimeoutMillis default wait for a world's answer ({@code REQUEST_TIMEOUT_MS}, 10000)
 * @param pairingPerMinute     unauthenticated pairing calls a minute per client address ({@code PAIRING_RATE_LIMIT}, 20)
 * @param sseMaxStreams        event streams per world and channel ({@code SSE_MAX_STREAMS}, 10)
 * @param sseKeepaliveMillis   keep-alive comment period on event streams ({@code SSE_KEEPALIVE_MS}, 15000)
 * @param eventHistory         events kept per world for resuming streams ({@code EVENT_HISTORY}, 500)
 * @param headerTimeoutMillis  time a client has to send a request's line and headers ({@code HEADER_TIMEOUT_MS}, 10000)
 * @param authFailureLimit     failed authentications a minute per client address before 429s ({@code AUTH_FAILURE_LIMIT}, 30; 0 = off)
 * @param metricsToken         bearer token for {@code GET /metrics} ({@code METRICS_TOKEN}); null = no metrics
 * @param headless             headless sessions: the relay's own Chromium logged into Foundry servers
 * @param clientApi            limits of the client WebSocket {@code /ws/api}
 * @param accounts             sign-in accounts, the dashboard and the activity log
 * @param maxUploadBytes       largest accepted {@code POST /upload} body ({@code MAX_UPLOAD_SIZE_MB}, 250); uploads are
 *                             streamed to the world, so this is not held in memory
 * @param cluster              membership of a cluster of relays sharing Redis ({@code REDIS_URL}); null = a single relay
 * @param trustedProxies       proxies whose {@code X-Forwarded-For}/{@code X-Real-IP} name the client ({@code TRUSTED_PROXIES},
 *                             IPs and CIDRs; none by default, so every address is the TCP peer's)
 */
public record Config(
        int port,
        String host,
        DatabaseConfig database,
        Path dataDir,
        int perMinuteRequestLimit,
        long maxBodyBytes,
        List<String> corsOrigins,
        int pingIntervalMillis,
        int requestTimeoutMillis,
        int pairingPerMinute,
        int sseMaxStreams,
        int sseKeepaliveMillis,
        int eventHistory,
        int headerTimeoutMillis,
        int authFailureLimit,
        String metricsToken,
        HeadlessConfig headless,
        ClientApiConfig clientApi,
        AccountsConfig accounts,
        long maxUploadBytes,
        ClusterConfig cluster,
        TrustedProxies trustedProxies) {

    /**
     * A cluster member: relays sharing one PostgreSQL store and one Redis.
     *
     * @param redisUrl   {@code REDIS_URL}: {@code redis://} or {@code rediss://} (TLS)
     * @param instanceId {@code INSTANCE_ID}: this relay's name in the cluster (default: random per start)
     */
    public record ClusterConfig(String redisUrl, String instanceId) {
        @Override
        public String toString() { // the URL may carry a password
            return "ClusterConfig[instanceId=" + instanceId + "]";
        }
    }

    /** The store to use: an embedded SQLite file or a PostgreSQL server. */
    public record DatabaseConfig(Kind kind, String jdbcUrl, String user, String password, String schema) {
        public enum Kind { SQLITE, POSTGRES }
    }

    /**
     * Headless sessions.
     *
     * @param enabled            {@code ALLOW_HEADLESS} (true); false answers every session endpoint with 503
     * @param maxSessions        {@code MAX_HEADLESS_SESSIONS} (5): sessions on this relay, starting ones included; 0 = no cap
     * @param idleTimeoutSeconds {@code HEADLESS_SESSION_TIMEOUT} (600): a session nobody used for this long ends; 0 = never
     * @param launchTimeoutSeconds {@code HEADLESS_LAUNCH_TIMEOUT} (180): from opening Foundry until the world's module connects
     * @param chromiumPath       {@code CHROMIUM_PATH} (/usr/bin/chromium): the browser binary; never downloaded
     * @param urlAllowlist       {@code FOUNDRY_URL_ALLOWLIST}: hosts or host:port the sessions may open; empty = any
     *                           address except link-local and cloud-metadata ones
     * @param consoleCapture     {@code CAPTURE_BROWSER_CONSOLE}: console level captured when a start asks for none
     *                           ({@code error}, {@code warn}, {@code debug}), or null for none
     * @param instanceId         {@code INSTANCE_ID} (else {@code FLY_ALLOC_ID}, else {@code local}): names this relay's
     *                           sessions in a shared store, so a restart ends only its own leftovers
     */
    public record HeadlessConfig(boolean enabled, int maxSessions, int idleTimeoutSeconds, int launchTimeoutSeconds,
                                 Path chromiumPath, List<String> urlAllowlist, String consoleCapture, String instanceId) {
        public HeadlessConfig {
            urlAllowlist = List.copyOf(urlAllowlist);
        }
    }

    /**
     * The client WebSocket {@code /ws/api}.
     *
     * @param maxSocketsPerKey {@code WS_API_MAX_SOCKETS_PER_KEY} (10): open sockets one API key may hold
     * @param sendQueueKb      {@code WS_API_SEND_QUEUE_KB} (4096): what a socket may have waiting to be sent
     *                         before the client is closed as one that stopped reading
     */
    public record ClientApiConfig(int maxSocketsPerKey, int sendQueueKb) {}

    /**
     * Accounts people sign in to.
     *
     * @param registrationOpen    {@code DISABLE_REGISTRATION=false} lets anyone create an account over HTTP (closed by default)
     * @param adminEmail          {@code ADMIN_EMAIL}: with {@code ADMIN_PASSWORD}, the admin created (or promoted) at start-up
     * @param adminPassword       {@code ADMIN_PASSWORD}
     * @param authRateLimit       {@code AUTH_RATE_LIMIT} (20): failed sign-ins per address in 15 minutes; 0 = no limit
     * @param auditRetentionDays  {@code AUDIT_RETENTION_DAYS} (90): how long the activity log keeps entries
     * @param publicUrl           {@code PUBLIC_URL}: the relay's address as people reach it, for printed links; null = guessed
     */
    public record AccountsConfig(boolean registrationOpen, String adminEmail, String adminPassword, int authRateLimit,
                                 int auditRetentionDays, String publicUrl) {
        @Override
        public String toString() { // never print the admin password
            return "AccountsConfig[registrationOpen=" + registrationOpen + ", adminEmail=" + adminEmail + "]";
        }
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads a configuration from the given variables; unknown variables are ignored. */
    public static Config from(Map<String, String> vars) {
        var env = new Env(vars);
        var dataDir = Path.of(env.string("DATA_DIR", "./data"));
        var database = database(env, dataDir);
        var cluster = cluster(env, database);
        int maxBodyMb = env.integer("MAX_BODY_SIZE_MB", 10, 1, 1024);
        var origins = origins(env.string("CORS_ORIGINS", "*"));
        for (var name : List.of("LOG_LEVEL", "REQUEST_LOG_LEVEL")) {
            var level = env.string(name, "INFO").toUpperCase(Locale.ROOT);
            if (!List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF").contains(level)) {
                throw new ConfigException(name + " must be one of TRACE, DEBUG, INFO, WARN, ERROR, OFF, got '" + env.string(name, "") + "'");
            }
        }
        return new Config(
                env.integer("PORT", 3010, 0, 65535),
                env.string("HOST", "0.0.0.0"),
                database,
                dataDir,
                env.integer("PER_MINUTE_REQUEST_LIMIT", 300, 0, 10_000_000),
                maxBodyMb * 1024L * 1024L,
                origins,
                env.integer("WEBSOCKET_PING_INTERVAL_MS", 20_000, 100, 3_600_000),
                env.integer("REQUEST_TIMEOUT_MS", 10_000, 100, 600_000),
                env.integer("PAIRING_RATE_LIMIT", 20, 0, 1_000_000),
                env.integer("SSE_MAX_STREAMS", 10, 1, 100_000),
                env.integer("SSE_KEEPALIVE_MS", 15_000, 100, 3_600_000),
                env.integer("EVENT_HISTORY", 500, 0, 100_000),
                env.integer("HEADER_TIMEOUT_MS", 10_000, 100, 600_000),
                env.integer("AUTH_FAILURE_LIMIT", 30, 0, 1_000_000),
                metricsToken(env.string("METRICS_TOKEN", null)),
                headless(env, cluster),
                new ClientApiConfig(env.integer("WS_API_MAX_SOCKETS_PER_KEY", 10, 1, 100_000),
                        env.integer("WS_API_SEND_QUEUE_KB", 4096, 16, 1_048_576)),
                accounts(env),
                env.integer("MAX_UPLOAD_SIZE_MB", 250, 1, 10_240) * 1024L * 1024L,
                cluster,
                trustedProxies(env.string("TRUSTED_PROXIES", "")));
    }

    private static ClusterConfig cluster(Env env, DatabaseConfig database) {
        var url = env.string("REDIS_URL", null);
        if (url == null || url.isBlank()) return null;
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new ConfigException("REDIS_URL must start with redis:// or rediss://");
        }
        if (database.kind() != DatabaseConfig.Kind.POSTGRES) {
            throw new ConfigException("REDIS_URL needs a PostgreSQL store (DATABASE_URL): relays in a cluster share "
                    + "accounts, keys and worlds, which a SQLite file cannot do");
        }
        var id = env.string("INSTANCE_ID", env.string("FLY_ALLOC_ID", null));
        if (id == null) id = "relay-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException("INSTANCE_ID must be 1-64 letters, digits, '.', '_' or '-', got '" + id + "'");
        }
        return new ClusterConfig(url, id);
    }

    private static AccountsConfig accounts(Env env) {
        var email = env.string("ADMIN_EMAIL", null);
        var password = env.string("ADMIN_PASSWORD", null);
        if ((email == null) != (password == null)) {
            throw new ConfigException("ADMIN_EMAIL and ADMIN_PASSWORD must be set together");
        }
        var publicUrl = env.string("PUBLIC_URL", null);
        if (publicUrl != null && !publicUrl.matches("https?://[^\\s/]+(/.*)?")) {
            throw new ConfigException("PUBLIC_URL must be an http(s) URL, got '" + publicUrl + "'");
        }
        return new AccountsConfig(!env.bool("DISABLE_REGISTRATION", true), email, password,
                env.integer("AUTH_RATE_LIMIT", 20, 0, 1_000_000), env.integer("AUDIT_RETENTION_DAYS", 90, 1, 36_500),
                publicUrl == null ? null : publicUrl.replaceAll("/+$", ""));
    }

    private static HeadlessConfig headless(Env env, ClusterConfig cluster) {
        var allow = env.string("FOUNDRY_URL_ALLOWLIST", "");
        var capture = env.string("CAPTURE_BROWSER_CONSOLE", null);
        if (capture != null) {
            capture = capture.toLowerCase(Locale.ROOT);
            if (!List.of("error", "warn", "debug").contains(capture)) {
                throw new ConfigException("CAPTURE_BROWSER_CONSOLE must be error, warn or debug, got '" + capture + "'");
            }
        }
        int idle = env.integer("HEADLESS_SESSION_TIMEOUT", env.integer("HEADLESS_INACTIVE_TIMEOUT", 600, 0, 31_536_000),
                0, 31_536_000);
        return new HeadlessConfig(
                env.bool("ALLOW_HEADLESS", true),
                env.integer("MAX_HEADLESS_SESSIONS", 5, 0, 10_000),
                idle,
                env.integer("HEADLESS_LAUNCH_TIMEOUT", 180, 5, 3_600),
                Path.of(env.string("CHROMIUM_PATH", "/usr/bin/chromium")),
                allowlist(allow),
                capture,
                cluster != null ? cluster.instanceId() : env.string("INSTANCE_ID", env.string("FLY_ALLOC_ID", "local")));
    }

    private static TrustedProxies trustedProxies(String raw) {
        try {
            return TrustedProxies.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("TRUSTED_PROXIES must list IP addresses or CIDR ranges such as 127.0.0.1, 10.0.0.0/8 or "
                    + "fd00::/8: " + e.getMessage());
        }
    }

    private static String metricsToken(String token) {
        if (token == null || token.isEmpty()) return null;
        if (token.length() < 16) throw new ConfigException("METRICS_TOKEN must be at least 16 characters");
        return token;
    }

    private static final java.util.regex.Pattern ORIGIN = java.util.regex.Pattern.compile(
            "https?://([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?");

    /** {@code *}, or a comma-separated list of bare origins such as {@code https://overlay.example:8443}. */
    private static List<String> origins(String raw) {
        var entries = java.util.Arrays.stream(raw.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        if (entries.isEmpty()) throw new ConfigException("CORS_ORIGINS must be * or a list of origins such as https://example.com");
        for (var entry : entries) {
            if (!entry.equals("*") && !ORIGIN.matcher(entry).matches()) {
                throw new ConfigException("CORS_ORIGINS entries must be * or an origin such as https://example.com (no path), got '"
                        + entry + "'");
            }
        }
        return entries;
    }

    /** Allow-list entries: {@code host}, {@code host:port}, {@code [v6]:port} or an http(s) URL. */
    private static final java.util.regex.Pattern ALLOW_ENTRY = java.util.regex.Pattern.compile(
            "(https?://)?([A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])(:[0-9]{1,5})?/?");

    private static List<String> allowlist(String raw) {
        var entries = java.util.Arrays.stream(raw.split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        for (var entry : entries) {
            if (!ALLOW_ENTRY.matcher(entry).matches()) {
                throw new ConfigException("FOUNDRY_URL_ALLOWLIST entries must be host, host:port or [IPv6]:port, got '" + entry + "'");
            }
        }
        return entries;
    }

    private static DatabaseConfig database(Env env, Path dataDir) {
        var url = env.string("DATABASE_URL", null);
        var type = env.string("DB_TYPE", url == null ? "sqlite" : "postgres").toLowerCase(Locale.ROOT);
        return switch (type) {
            case "sqlite" -> {
                var path = env.string("SQLITE_PATH", dataDir.resolve("relay.db").toString());
                yield new DatabaseConfig(DatabaseConfig.Kind.SQLITE, "jdbc:sqlite:" + path, null, null, null);
            }
            case "postgres", "postgresql" -> {
                if (url == null) throw new ConfigException("DATABASE_URL is required when DB_TYPE=postgres");
                yield PostgresUrl.parse(url, env.string("DB_SCHEMA", null));
            }
            default -> throw new ConfigException("DB_TYPE must be sqlite or postgres, got '" + type + "'");
        };
    }
}
