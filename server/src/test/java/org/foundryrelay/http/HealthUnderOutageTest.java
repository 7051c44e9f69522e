package org.foundryrelay.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.util.Map;
import java.util.UUID;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.TestDatabases;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;

/**
 * /health reports 503 while the PostgreSQL store refuses connections, and 200 again once it is back; calls that need
 * the store meanwhile get a 503 JSON answer the client can retry, never a 500.
 */
class HealthUnderOutageTest {

    @Test
    void healthFollowsTheStore() throws Exception {
        var dbName = "relay_outage_" + UUID.randomUUID().toString().substring(0, 8);
        admin("CREATE DATABASE " + dbName);
        try {
            var url = TestDatabases.PG_URL.replaceAll("/[^/]+$", "/" + dbName);
            try (var relay = TestRelay.start(Map.of("DATABASE_URL", url, "DB_TYPE", "postgres"))) {
                var key = relay.key("outage", "all");
                assertThat(Http.get(relay.uri("/api/key"), "x-api-key", key).statusCode()).isEqualTo(200);
                assertThat(Http.get(relay.uri("/health")).statusCode()).isEqualTo(200);

                admin("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS false");
                admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + dbName + "'");
                var down = Http.get(relay.uri("/health"));
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).contains("\"store\":\"unreachable\"");
                var call = Http.get(relay.uri("/api/key"), "x-api-key", key);
                assertThat(call.statusCode()).isEqualTo(503);
                assertThat(call.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(call.body()).contains("Store unavailable");

                admin("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS true");
                assertThat(Http.get(relay.uri("/health")).statusCode()).isEqualTo(200);
                assertThat(Http.get(relay.uri("/api/key"), "x-api-key", key).statusCode()).isEqualTo(200);
            }
        } finally {
            admin("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS true");
            admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + dbName + "'");
            admin("DROP DATABASE IF EXISTS " + dbName);
        }
    }

    private static void admin(String sql) throws Exception {
        try (var c = DriverManager.getConnection(TestDatabases.PG_URL, TestDatabases.PG_USER, null);
             var s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
