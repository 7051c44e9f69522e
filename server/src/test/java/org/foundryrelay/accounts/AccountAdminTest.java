package org.foundryrelay.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.foundryrelay.json.Json;
import org.foundryrelay.testing.AccountApi;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registration closed by default, the admin from ADMIN_EMAIL, and the account commands of the CLI. */
class AccountAdminTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of("ADMIN_EMAIL", "Owner@Example.com",
            "ADMIN_PASSWORD", "Owner-Pass-1"));

    private AccountApi api() {
        return new AccountApi(env.relay());
    }

    @Test
    void registrationIsClosedUnlessOpened() {
        var r = api().call("POST", "/auth/register", null, Json.object().put("email", "x@example.com").put("password", "Abcdefg-1"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.error()).isEqualTo("Registration is disabled on this server");
    }

    @Test
    void theAdminFromTheEnvironmentSignsIn() {
        var login = api().login("owner@example.com", "Owner-Pass-1");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body().path("role").asText()).isEqualTo("admin");
    }

    @Test
    void theCliCreatesPromotesDisablesAndResetsAccounts() {
        var relay = env.relay();
        var created = relay.cliWithInput("Carol-Pass-1\n", "accounts", "create", "carol", "--email", "carol@example.com", "--admin");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(api().login("carol@example.com", "Carol-Pass-1").body().path("role").asText()).isEqualTo("admin");
        assertThat(api().login("carol", "Carol-Pass-1").status()).as("the name signs in too").isEqualTo(200);

        var weak = relay.cliWithInput("weak\n", "accounts", "create", "dave", "--email", "dave@example.com");
        assertThat(weak.exitCode()).isEqualTo(1);
        assertThat(weak.err()).contains("Password must be at least 8 characters long");

        relay.cli("accounts", "create", "erin");
        assertThat(relay.cliWithInput("Erin-Pass-12\n", "accounts", "set-password", "erin").exitCode()).isZero();
        var erin = api().token("erin", "Erin-Pass-12");
        assertThat(relay.cli("accounts", "promote", "erin").exitCode()).isZero();
        assertThat(api().call("GET", "/auth/user-data", erin, null).body().path("role").asText()).isEqualTo("admin");

        var key = relay.key("erin", "clients:read");
        assertThat(Http.get(relay.uri("/api/key"), "x-api-key", key).statusCode()).isEqualTo(200);
        assertThat(relay.cli("accounts", "disable", "erin").exitCode()).isZero();
        assertThat(api().login("erin", "Erin-Pass-12").status()).isEqualTo(401);
        assertThat(api().call("GET", "/auth/user-data", erin, null).status()).isEqualTo(401);
        assertThat(Http.get(relay.uri("/api/key"), "x-api-key", key).statusCode()).isEqualTo(401);
        assertThat(relay.cli("accounts", "enable", "erin").exitCode()).isZero();
        assertThat(Http.get(relay.uri("/api/key"), "x-api-key", key).statusCode()).isEqualTo(200);

        var list = relay.cli("accounts", "list");
        assertThat(list.out()).contains("carol").contains("admin").contains("carol@example.com");
        assertThat(relay.cli("accounts", "promote", "nobody").exitCode()).isEqualTo(2);
    }
}
