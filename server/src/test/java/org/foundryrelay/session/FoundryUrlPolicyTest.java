package org.foundryrelay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which Foundry URLs a session may open, with a resolver that answers from a table. */
class FoundryUrlPolicyTest {
    private static final Map<String, String> DNS = Map.of(
            "foundry.example", "203.0.113.7",
            "lan.example", "192.168.1.20",
            "sneaky.example", "169.254.169.254",
            "sneaky6.example", "fe80::1",
            "ec2.example", "fd00:ec2::254");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        var literal = host.matches("[0-9.]+") || host.contains(":");
        if (literal) return new InetAddress[] {InetAddress.getByName(host)};
        var ip = DNS.get(host);
        if (ip == null) throw new UnknownHostException(host);
        return new InetAddress[] {InetAddress.getByName(ip)};
    }

    private static int status(FoundryUrlPolicy policy, String url) {
        try {
            policy.check(url);
            return 200;
        } catch (Refusal e) {
            return SessionEndpoints.status(e.reason());
        }
    }

    @Test
    void httpAndHttpsToOrdinaryLoopbackAndPrivateHostsPass() {
        var policy = new FoundryUrlPolicy(List.of(), FoundryUrlPolicyTest::resolve);
        assertThat(policy.check("https://foundry.example/game#x").toString()).isEqualTo("https://foundry.example/game");
        assertThat(policy.check("HTTP://127.0.0.1:30000").toString()).isEqualTo("http://127.0.0.1:30000");
        assertThat(status(policy, "http://lan.example:30000")).isEqualTo(200);
        assertThat(status(policy, "http://[::1]:30000/foundry")).isEqualTo(200);
        assertThat(status(policy, "http://10.0.0.5")).isEqualTo(200);
    }

    @Test
    void otherSchemesCredentialsAndUnknownHostsAreBadRequests() {
        var policy = new FoundryUrlPolicy(List.of(), FoundryUrlPolicyTest::resolve);
        for (var url : List.of("ftp://foundry.example", "file:///etc/passwd", "javascript:alert(1)", "chrome://settings",
                "data:text/html,x", "foundry.example:30000", "http://user:pw@foundry.example", "http://", "http://nowhere.example",
                "http://" + "a".repeat(2100))) {
            assertThat(status(policy, url)).as(url).isEqualTo(400);
        }
        assertThatThrownBy(() -> policy.check("ftp://foundry.example")).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(e.body().get("reason").asText()).isEqualTo("url-invalid"));
    }

    @Test
    void linkLocalAndMetadataAddressesAreAlwaysRefused() {
        var open = new FoundryUrlPolicy(List.of(), FoundryUrlPolicyTest::resolve);
        var listed = new FoundryUrlPolicy(List.of("sneaky.example", "sneaky6.example", "ec2.example", "169.254.169.254",
                "metadata.google.internal"), FoundryUrlPolicyTest::resolve);
        for (var policy : List.of(open, listed)) {
            for (var url : List.of("http://169.254.169.254/latest/meta-data", "http://169.254.1.1:30000", "http://[fe80::1]/",
                    "http://[fd00:ec2::254]/", "http://metadata.google.internal/computeMetadata/v1/", "http://METADATA.GOOGLE.INTERNAL./",
                    "http://sneaky.example/", "http://sneaky6.example/", "http://ec2.example/", "http://100.100.100.200/",
                    "http://0.0.0.0:30000", "http://[::ffff:169.254.169.254]/")) {
                assertThat(status(policy, url)).as(url).isEqualTo(403);
            }
        }
        assertThatThrownBy(() -> open.check("http://169.254.169.254")).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(e.body().get("reason").asText()).isEqualTo("url-refused"));
    }

    @Test
    void anAllowListAdmitsOnlyItsHostsAndPorts() {
        var policy = new FoundryUrlPolicy(List.of("foundry.example", "127.0.0.1:30000", "https://lan.example:8443", "[::1]:30001"),
                FoundryUrlPolicyTest::resolve);
        assertThat(status(policy, "https://foundry.example")).isEqualTo(200);
        assertThat(status(policy, "http://Foundry.Example:1234")).as("any port of a bare host").isEqualTo(200);
        assertThat(status(policy, "http://127.0.0.1:30000/join")).isEqualTo(200);
        assertThat(status(policy, "http://127.0.0.1:30001")).isEqualTo(403);
        assertThat(status(policy, "http://127.0.0.1")).isEqualTo(403);
        assertThat(status(policy, "https://lan.example:8443")).isEqualTo(200);
        assertThat(status(policy, "https://lan.example")).isEqualTo(403);
        assertThat(status(policy, "http://[::1]:30001")).isEqualTo(200);
        assertThat(status(policy, "http://10.0.0.5")).isEqualTo(403);
    }
}
