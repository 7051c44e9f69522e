package org.foundryrelay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpRulesTest {

    @Test
    void emptyRulesAllowEveryone() {
        assertThat(IpRules.allows(List.of(), "203.0.113.9")).isTrue();
    }

    @Test
    void exactAddressesAndRangesMatch() {
        var rules = List.of("203.0.113.7", "10.0.0.0/8", "2001:db8::/32");
        assertThat(IpRules.allows(rules, "203.0.113.7")).isTrue();
        assertThat(IpRules.allows(rules, "203.0.113.8")).isFalse();
        assertThat(IpRules.allows(rules, "10.255.1.2")).isTrue();
        assertThat(IpRules.allows(rules, "11.0.0.1")).isFalse();
        assertThat(IpRules.allows(rules, "2001:db8::1")).isTrue();
        assertThat(IpRules.allows(rules, "2001:db9::1")).isFalse();
        assertThat(IpRules.allows(List.of("192.168.1.128/25"), "192.168.1.200")).isTrue();
        assertThat(IpRules.allows(List.of("192.168.1.128/25"), "192.168.1.100")).isFalse();
    }

    @Test
    void malformedRulesOrAddressesNeverMatchAndNeverResolve() {
        assertThat(IpRules.allows(List.of("localhost"), "127.0.0.1")).isFalse();
        assertThat(IpRules.allows(List.of("10.0.0.0/8"), "example.com")).isFalse();
        assertThat(IpRules.allows(List.of("10.0.0.256"), "10.0.0.1")).isFalse();
    }
}
