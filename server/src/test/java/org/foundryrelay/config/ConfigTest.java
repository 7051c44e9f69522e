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
    }
}
