package org.foundryrelay.accounts;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.foundryrelay.config.Config.DatabaseConfig;
import org.foundryrelay.testing.RelayExtension;
import org.foundryrelay.testing.TestDatabases;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account API on the local PostgreSQL, in a schema of its own that is dropped afterwards. */
class AccountApiPostgresTest extends AccountApiContract {
    static final String SCHEMA = "t_acc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);

    /** Registered first, so its afterAll runs after the relay has stopped. */
    @RegisterExtension
    @Order(1)
    static final AfterAllCallback DROP = ctx -> TestDatabases.drop(
            new DatabaseConfig(DatabaseConfig.Kind.POSTGRES, TestDatabases.PG_URL, TestDatabases.PG_USER, null, SCHEMA));

    @RegisterExtension
    @Order(2)
    static final RelayExtension ENV = new RelayExtension(Map.of("DISABLE_REGISTRATION", "false", "AUTH_RATE_LIMIT", "0",
            "DB_TYPE", "postgres", "DATABASE_URL", TestDatabases.PG_URL, "DB_SCHEMA", SCHEMA));

    @Override
    RelayExtension env() {
        return ENV;
    }
}
