package org.foundryrelay.accounts;

import java.util.Map;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The account API on the SQLite store. */
class AccountApiSqliteTest extends AccountApiContract {
    @RegisterExtension
    static final RelayExtension ENV = new RelayExtension(Map.of("DISABLE_REGISTRATION", "false", "AUTH_RATE_LIMIT", "0"));

    @Override
    RelayExtension env() {
        return ENV;
    }
}
