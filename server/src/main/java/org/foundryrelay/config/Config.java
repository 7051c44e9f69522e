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
        int eventHistory) {

    /** The store to use: an embedded SQLite file or a PostgreSQL server. */
    public record DatabaseConfig(Kind kind, String jdbcUrl, String user, String password, String schema) {
        public enum Kind { SQLITE, POSTGRES }
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads a configuration from the given variables; unknown variables are ignored. */
    public static Config from(Map<String, String> vars) {
        var env = new Env(vars);
        var dataDir = Path.of(env.string("DATA_DIR", "./data"));
        var database = database(env, dataDir);
        int maxBodyMb = env.integer("MAX_BODY_SIZE_MB", 10, 1, 1024);
        var origins = List.of(env.string("CORS_ORIGINS", "*").split("\\s*,\\s*"));
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
                env.integer("EVENT_HISTORY", 500, 0, 100_000));
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
