package org.foundryrelay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The small rules pairing is built from: origins, device names, IP allow-lists, client ids. */
class PairingPartsTest {

    @Test
    void onlyBareHttpOriginsAreKept() {
        assertThat(Origins.bare("http://localhost:30000")).isEqualTo("http://localhost:30000");
        assertThat(Origins.bare("https://foundry.example.com")).isEqualTo("https://foundry.example.com");
        assertThat(Origins.bare("https://foundry.example.com/")).isNull();
        assertThat(Origins.bare("https://foundry.example.com/game")).isNull();
        assertThat(Origins.bare("http://h?x=1")).isNull();
        assertThat(Origins.bare("http://user@h")).isNull();
        assertThat(Origins.bare("file:///tmp")).isNull();
        assertThat(Origins.bare("null")).isNull();
        assertThat(Origins.bare("http://" + "a".repeat(520))).isNull();
        assertThat(Origins.bare(null)).isNull();
        assertThat(Origins.consistent(null, "http://a")).isTrue();
        assertThat(Origins.consistent("http://a", null)).isTrue();
        assertThat(Origins.consistent("http://a", "http://a")).isTrue();
        assertThat(Origins.consistent("http://a", "http://b")).isFalse();
    }

    @Test
    void deviceNamesComeFromTheUserAgent() {
        assertThat(DeviceNames.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")).isEqualTo("Edge on Windows");
        assertThat(DeviceNames.describe("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/18.1 Safari/605.1.15")).isEqualTo("Safari on macOS");
        assertThat(DeviceNames.describe("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/131.0.0.0 Safari/537.36")).isEqualTo("Chrome on Linux");
        assertThat(DeviceNames.describe("Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
                + " (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")).isEqualTo("Safari on iOS");
        assertThat(DeviceNames.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " FoundryVirtualTabletop/13.348 Chrome/130.0 Electron/33.0 Safari/537.36")).isEqualTo("Foundry app on Windows");
        assertThat(DeviceNames.describe("curl/8.5.0")).isEqualTo("Foundry world");
        assertThat(DeviceNames.describe(null)).isEqualTo("Foundry world");
    }

    @Test
    void allowListsTakeIpsAndCidrRangesOnly() {
        assertThat(IpRules.parseList("10.0.0.1, 192.168.0.0/16,::1,2001:db8::/32,0.0.0.0/0"))
                .containsExactly("10.0.0.1", "192.168.0.0/16", "::1", "2001:db8::/32", "0.0.0.0/0");
        for (var bad : new String[] {"", "10.0.0", "10.0.0.256", "10.0.0.1/33", "::1/129", "10.0.0.1/", "localhost",
                "example.com", "1:2", "fe80::1%eth0", "10.0.0.1/-1", "10.0.0.1/a"}) {
            assertThat(IpRules.valid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> IpRules.parseList("10.0.0.1,,10.0.0.2")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newClientIdsHaveTheModulesShape() {
        assertThat(Pairing.newClientId()).matches("fvtt_[0-9a-f]{16}");
        assertThat(Pairing.newClientId()).isNotEqualTo(Pairing.newClientId());
    }
}
