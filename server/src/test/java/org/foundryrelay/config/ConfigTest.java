package org.foundryrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        var c = Config.from(Map.of());
        assertThat(c.port()).isEqualTo(3010);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.database().kind()).isEqualTo(Config.DatabaseConfig.Kind.SQLITE);
        assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("./data").resolve("relay.db"));
        assertThat(c.perMinuteRequestLimit()).isEqualTo(300);
        assertThat(c.maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.corsOrigins()).containsExactly("*");
        assertThat(c.pingIntervalMillis()).isEqualTo(20_000);
    }

    @Test
    void clientSocketLimitsHaveDefaultsAndAreChecked() {
        assertThat(Config.from(Map.of()).clientApi()).isEqualTo(new Config.ClientApiConfig(10, 4096));
        assertThat(Config.from(Map.of("WS_API_MAX_SOCKETS_PER_KEY", "2", "WS_API_SEND_QUEUE_KB", "64")).clientApi())
                .isEqualTo(new Config.ClientApiConfig(2, 64));
        assertThatThrownBy(() -> Config.from(Map.of("WS_API_MAX_SOCKETS_PER_KEY", "0")))
                .hasMessageContaining("WS_API_MAX_SOCKETS_PER_KEY");
    }

    @Test
    void uploadsHaveTheirOwnLimitApartFromOtherBodies() {
        assertThat(Config.from(Map.of()).maxUploadBytes()).isEqualTo(250L * 1024 * 1024);
        var c = Config.from(Map.of("MAX_UPLOAD_SIZE_MB", "500", "MAX_BODY_SIZE_MB", "2"));
        assertThat(c.maxUploadBytes()).isEqualTo(500L * 1024 * 1024);
        assertThat(c.maxBodyBytes()).isEqualTo(2L * 1024 * 1024);
        assertThatThrownBy(() -> Config.from(Map.of("MAX_UPLOAD_SIZE_MB", "0"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void dataDirMovesTheSqliteFile() {
        var c = Config.from(Map.of("DATA_DIR", "/srv/relay"));
        assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/relay/relay.db");
    }

    @Test
    void databaseUrlAloneSelectsPostgresAndIsTranslated() {
        var c = Config.from(Map.of("DATABASE_URL", "postgres://relay:p%40ss@db.example:6543/relaydb?sslmode=require"));
        var db = c.database();
        assertThat(db.kind()).isEqualTo(Config.DatabaseConfig.Kind.POSTGRES);
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/relaydb?sslmode=require");
        assertThat(db.user()).isEqualTo("relay");
        assertThat(db.password()).isEqualTo("p@ss");
    }

    @Test
    void jdbcUrlsPassThrough() {
        var c = Config.from(Map.of("DB_TYPE", "postgres", "DATABASE_URL", "jdbc:postgresql://127.0.0.1/test"));
        assertThat(c.database().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1/test");
    }

    @Test
    void headlessSessionsHaveSafeDefaultsAndReadTheirVariables() {
        var h = Config.from(Map.of()).headless();
        assertThat(h.enabled()).isTrue();
        assertThat(h.maxSessions()).isEqualTo(5);
        assertThat(h.idleTimeoutSeconds()).isEqualTo(600);
        assertThat(h.launchTimeoutSeconds()).isEqualTo(180);
        assertThat(h.chromiumPath()).isEqualTo(Path.of("/usr/bin/chromium"));
        assertThat(h.urlAllowlist()).isEmpty();
        assertThat(h.consoleCapture()).isNull();
        assertThat(h.instanceId()).isEqualTo("local");
        var set = Config.from(Map.of("ALLOW_HEADLESS", "false", "MAX_HEADLESS_SESSIONS", "0", "HEADLESS_INACTIVE_TIMEOUT", "30",
                "HEADLESS_LAUNCH_TIMEOUT", "60", "CHROMIUM_PATH", "/opt/chromium/chrome",
                "FOUNDRY_URL_ALLOWLIST", " foundry.example , 127.0.0.1:30000,[::1]:30001,,https://vtt.example:8443 ",
                "CAPTURE_BROWSER_CONSOLE", "WARN", "FLY_ALLOC_ID", "abc123")).headless();
        assertThat(set.enabled()).isFalse();
        assertThat(set.maxSessions()).isZero();
        assertThat(set.idleTimeoutSeconds()).as("the older name is read too").isEqualTo(30);
        assertThat(set.launchTimeoutSeconds()).isEqualTo(60);
        assertThat(set.chromiumPath()).isEqualTo(Path.of("/opt/chromium/chrome"));
        assertThat(set.urlAllowlist()).containsExactly("foundry.example", "127.0.0.1:30000", "[::1]:30001", "https://vtt.example:8443");
        assertThat(set.consoleCapture()).isEqualTo("warn");
        assertThat(set.instanceId()).isEqualTo("abc123");
        assertThat(Config.from(Map.of("HEADLESS_SESSION_TIMEOUT", "0", "HEADLESS_INACTIVE_TIMEOUT", "30")).headless()
                .idleTimeoutSeconds()).isZero();
    }

    @Test
    void corsOriginsAreAList() {
        assertThat(Config.from(Map.of("CORS_ORIGINS", "https://a.example, https://b.example")).corsOrigins())
                .isEqualTo(List.of("https://a.example", "https://b.example"));
    }

    @Test
    void everyInvalidValueNamesItsVariable() {
        assertThatThrownBy(() -> Config.from(Map.of("PORT", "abc")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PORT");
        assertThatThrownBy(() -> Config.from(Map.of("PORT", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PORT").hasMessageContaining("65535");
        assertThatThrownBy(() -> Config.from(Map.of("DB_TYPE", "mysql")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DB_TYPE");
        assertThatThrownBy(() -> Config.from(Map.of("DB_TYPE", "postgres")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> Config.from(Map.of("DATABASE_URL", "mysql://x/y")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("DATABASE_URL");
        assertThatThrownBy(() -> Config.from(Map.of("PER_MINUTE_REQUEST_LIMIT", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("PER_MINUTE_REQUEST_LIMIT");
        assertThatThrownBy(() -> Config.from(Map.of("MAX_BODY_SIZE_MB", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MAX_BODY_SIZE_MB");
        for (var bad : Map.of("ALLOW_HEADLESS", "maybe", "MAX_HEADLESS_SESSIONS", "-1", "HEADLESS_SESSION_TIMEOUT", "x",
                "HEADLESS_LAUNCH_TIMEOUT", "1", "CAPTURE_BROWSER_CONSOLE", "verbose", "FOUNDRY_URL_ALLOWLIST", "host:port").entrySet()) {
            assertThatThrownBy(() -> Config.from(Map.of(bad.getKey(), bad.getValue())))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(bad.getKey());
        }
    }

    @Test
    void aClusterNeedsRedisAndPostgresAndNamesItsRelay() {
        assertThat(Config.from(Map.of()).cluster()).isNull();
        var pg = Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1/test", "REDIS_URL", "rediss://:secret@redis.example:6380");
        var c = Config.from(pg);
        assertThat(c.cluster().redisUrl()).isEqualTo("rediss://:secret@redis.example:6380");
        assertThat(c.cluster().instanceId()).startsWith("relay-");
        assertThat(Config.from(pg).cluster().instanceId()).isNotEqualTo(c.cluster().instanceId());
        assertThat(c.cluster().toString()).doesNotContain("secret");
        assertThat(c.headless().instanceId()).isEqualTo(c.cluster().instanceId());
        var named = new java.util.HashMap<>(pg);
        named.put("INSTANCE_ID", "eu-1");
        assertThat(Config.from(named).cluster().instanceId()).isEqualTo("eu-1");
        named.put("INSTANCE_ID", "no spaces");
        assertThatThrownBy(() -> Config.from(named)).isInstanceOf(ConfigException.class).hasMessageContaining("INSTANCE_ID");
        assertThatThrownBy(() -> Config.from(Map.of("REDIS_URL", "redis://127.0.0.1:6379")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("REDIS_URL").hasMessageContaining("PostgreSQL");
        assertThatThrownBy(() -> Config.from(Map.of("DATABASE_URL", "jdbc:postgresql://127.0.0.1/test", "REDIS_URL", "http://x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("redis://");
    }

    @Test
    void trustedProxiesAreLiteralAddressesAndRangesOfEitherFamily() throws Exception {
        assertThat(Config.from(Map.of()).trustedProxies().isEmpty()).isTrue();
        var proxies = Config.from(Map.of("TRUSTED_PROXIES", " 10.0.0.0/8, 192.168.1.7 ,fd00::/8,::1")).trustedProxies();
        assertThat(proxies.trusts("10.200.3.4")).isTrue();
        assertThat(proxies.trusts("11.0.0.1")).isFalse();
        assertThat(proxies.trusts("192.168.1.7")).isTrue();
        assertThat(proxies.trusts("192.168.1.8")).isFalse();
        assertThat(proxies.trusts("fd12:3456::1")).isTrue();
        assertThat(proxies.trusts("fe80::1")).isFalse();
        assertThat(proxies.trusts("::1")).isTrue();
        assertThat(proxies.trusts("::ffff:10.1.2.3")).as("IPv4-mapped").isTrue();
        assertThat(proxies.trusts("localhost")).as("never resolved").isFalse();

        var peer = java.net.InetAddress.getByName("10.0.0.2");
        // The right-most address that is not a proxy; entries a client wrote further left are not believed.
        assertThat(proxies.client(peer, List.of("1.2.3.4, 203.0.113.9, 10.0.0.3"), null).getHostAddress()).isEqualTo("203.0.113.9");
        assertThat(proxies.client(peer, List.of("1.2.3.4", "[2001:db8::9]:4711"), null).getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:9");
        assertThat(proxies.client(peer, List.of("203.0.113.9:5000"), null).getHostAddress()).isEqualTo("203.0.113.9");
        assertThat(proxies.client(peer, List.of(), "198.51.100.4").getHostAddress()).isEqualTo("198.51.100.4");
        assertThat(proxies.client(peer, List.of("10.0.0.9, 10.0.0.3"), null).getHostAddress()).as("proxies only").isEqualTo("10.0.0.9");
        assertThat(proxies.client(peer, List.of("unknown"), "198.51.100.4")).as("a garbled chain").isNull();
        assertThat(proxies.client(java.net.InetAddress.getByName("11.0.0.1"), List.of("203.0.113.9"), "198.51.100.4"))
                .as("an untrusted peer").isNull();

        for (var bad : List.of("10.0.0.0/33", "::1/129", "300.1.1.1", "nginx", "10.0.0.0/x", "*")) {
            assertThatThrownBy(() -> Config.from(Map.of("TRUSTED_PROXIES", bad))).as(bad)
                    .isInstanceOf(ConfigException.class).hasMessageContaining("TRUSTED_PROXIES").hasMessageContaining(bad);
        }
    }
}
