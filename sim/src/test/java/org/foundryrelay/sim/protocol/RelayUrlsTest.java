package org.foundryrelay.sim.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RelayUrlsTest {
    private static final WorldInfo FULL = new WorldInfo("my-world", "Curse of Strahd", "13.348", "dnd5e",
            "Dungeons & Dragons Fifth Edition", "4.4.1", "Table #2");

    @Test
    void queryHasTheModulesParametersInOrder() {
        assertThat(RelayUrls.query("fvtt_3a9f1c2e4b7d8e0f", FULL)).isEqualTo(
                "id=fvtt_3a9f1c2e4b7d8e0f&worldId=my-world&worldTitle=Curse+of+Strahd&foundryVersion=13.348"
                        + "&systemId=dnd5e&systemTitle=Dungeons+%26+Dragons+Fifth+Edition&systemVersion=4.4.1"
                        + "&customName=Table+%232");
    }

    @Test
    void encodesLikeUrlSearchParams() {
        var info = new WorldInfo("w", "Ünïcode/é?=&+*-._~", null, null, null, null, null);
        assertThat(RelayUrls.query("c", info))
                .isEqualTo("id=c&worldId=w&worldTitle=%C3%9Cn%C3%AFcode%2F%C3%A9%3F%3D%26%2B*-._%7E");
    }

    @Test
    void leavesOutNullsAndAnEmptyCustomName() {
        var info = new WorldInfo("w1", null, "12.331", null, null, null, "");
        assertThat(RelayUrls.query("fvtt_x", info)).isEqualTo("id=fvtt_x&worldId=w1&foundryVersion=12.331");
        assertThat(RelayUrls.query("fvtt_x", null)).isEqualTo("id=fvtt_x");
    }

    @Test
    void relayPathIsAppendedOnceWhateverTheSettingLooksLike() {
        var info = new WorldInfo("w", null, null, null, null, null, null);
        for (String setting : new String[] {"ws://relay.test:3010", "ws://relay.test:3010/", "ws://relay.test:3010/relay",
                "ws://relay.test:3010/relay/", "http://relay.test:3010"}) {
            assertThat(RelayUrls.relayUri(setting, "c1", info))
                    .as(setting).isEqualTo(URI.create("ws://relay.test:3010/relay?id=c1&worldId=w"));
        }
        assertThat(RelayUrls.relayUri("https://relay.test/prefix/relay", "c1", null))
                .isEqualTo(URI.create("wss://relay.test/prefix/relay?id=c1"));
    }

    @Test
    void httpBaseIsDerivedFromTheWebSocketUrl() {
        assertThat(RelayUrls.httpBase("ws://127.0.0.1:3010")).isEqualTo(URI.create("http://127.0.0.1:3010"));
        assertThat(RelayUrls.httpBase("wss://relay.test/relay")).isEqualTo(URI.create("https://relay.test"));
    }

    @Test
    void rejectsUnusableUrls() {
        assertThatThrownBy(() -> RelayUrls.webSocketBase("ftp://relay.test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayUrls.webSocketBase("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RelayUrls.relayUri("ws://relay.test", "", null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
