package org.foundryrelay.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Turns {@code DATABASE_URL} into JDBC settings. Accepts the common {@code postgres://user:pass@host:port/db}
 * form used by hosting platforms as well as a plain {@code jdbc:postgresql://} URL.
 */
final class PostgresUrl {
    private PostgresUrl() {}

    static Config.DatabaseConfig parse(String url, String schema) {
        var kind = Config.DatabaseConfig.Kind.POSTGRES;
        if (url.startsWith("jdbc:postgresql:")) return new Config.DatabaseConfig(kind, url, null, null, schema);
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new ConfigException("DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql://");
        }
        try {
            var uri = new URI(url);
            if (uri.getHost() == null) throw new ConfigException("DATABASE_URL has no host");
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                var parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            var port = uri.getPort() > 0 ? uri.getPort() : 5432;
            var db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            var query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            var jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + db + query;
            return new Config.DatabaseConfig(kind, jdbc, user, password, schema);
        } catch (URISyntaxException e) {
            throw new ConfigException("DATABASE_URL is not a valid URL: " + e.getReason());
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
