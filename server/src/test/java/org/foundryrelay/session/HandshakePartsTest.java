package org.foundryrelay.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;

/** The handshake's crypto, the decrypted payload and the handshake store, without a relay. */
class HandshakePartsTest {
    private static final FoundryTarget TARGET = new FoundryTarget(URI.create("http://127.0.0.1:30000"), "Gamemaster", null);

    @Test
    void decryptsWhatEachPublishedExampleEncrypts() throws Exception {
        var keys = HandshakeCrypto.newKeyPair();
        var pem = HandshakeCrypto.pem(keys.getPublic());
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
        assertThat(pem.lines().filter(l -> !l.startsWith("-----")).allMatch(l -> l.length() <= 64)).isTrue();
        var publicKey = SessionApi.publicKey(pem);
        var payload = "{\"password\":\"pässword\",\"nonce\":\"n\"}".getBytes(StandardCharsets.UTF_8);
        for (var spec : new OAEPParameterSpec[] {
                SessionApi.Oaep.SHA256.spec, SessionApi.Oaep.SHA1.spec,
                // a Java client's "RSA/ECB/OAEPWithSHA-256AndMGF1Padding" without parameters
                new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT)}) {
            var cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, publicKey, spec);
            assertThat(HandshakeCrypto.decrypt(keys.getPrivate(), cipher.doFinal(payload))).as(spec.getDigestAlgorithm())
                    .hasValueSatisfying(p -> assertThat(p).isEqualTo(payload));
        }
        var other = HandshakeCrypto.newKeyPair();
        var cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.ENCRYPT_MODE, other.getPublic(), SessionApi.Oaep.SHA256.spec);
        assertThat(HandshakeCrypto.decrypt(keys.getPrivate(), cipher.doFinal(payload))).isEmpty();
        assertThat(HandshakeCrypto.decrypt(keys.getPrivate(), new byte[256])).isEmpty();
        assertThat(HandshakeCrypto.decrypt(keys.getPrivate(), Base64.getDecoder().decode("AAAA"))).isEmpty();
    }

    @Test
    void payloadKeepsThePasswordOutOfStringsAndWipesThePlaintext() throws Exception {
        var plain = "{\"nonce\":\"abc\",\"extra\":{\"x\":[1]},\"password\":\"s\\u00e9cr\\\"et\"}".getBytes(StandardCharsets.UTF_8);
        try (var c = Credentials.parse(plain)) {
            assertThat(c.nonce()).isEqualTo("abc");
            assertThat(c.password().reveal()).isEqualTo("sécr\"et");
            assertThat(c.toString()).doesNotContain("cr");
            assertThat(c.password().toString()).doesNotContain("cr");
        }
        assertThat(plain).containsOnly((byte) 0);
        try (var c = Credentials.parse("{\"nonce\":\"abc\"}".getBytes(StandardCharsets.UTF_8))) {
            assertThat(c.password().isEmpty()).as("a user without a password").isTrue();
        }
        try (var c = Credentials.parse("{\"password\":\"p\"}".getBytes(StandardCharsets.UTF_8))) {
            assertThat(c.nonce()).isNull();
        }
        for (var bad : new String[] {"[1]", "\"x\"", "{\"password\":", "not json", ""}) {
            assertThatThrownBy(() -> Credentials.parse(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(Credentials.Malformed.class);
        }
        var password = new Password("secret".toCharArray());
        password.close();
        assertThat(password.reveal()).isEqualTo("\0\0\0\0\0\0");
    }

    @Test
    void aClusterMembersTokensNameItAndAreTakenWhole() {
        var store = new Handshakes(new MutableClock(), 2, "relay-1.eu/west");
        var h = store.issue("acc_a", TARGET);
        assertThat(h.token()).matches("[0-9a-f]{64}\\.[A-Za-z0-9_-]+");
        assertThat(Handshakes.relayOf(h.token())).isEqualTo("relay-1.eu/west");
        assertThat(store.take(h.token().substring(0, 64), "acc_a")).as("the bare hex is not the token")
                .isInstanceOf(Handshakes.Taken.Unknown.class);
        assertThat(store.take(h.token(), "acc_a")).isInstanceOf(Handshakes.Taken.Ok.class);
        assertThat(Handshakes.relayOf("ab".repeat(32))).as("a single relay's token names none").isNull();
        assertThat(Handshakes.relayOf("ab.")).isNull();
        assertThat(Handshakes.relayOf("ab.***")).as("malformed").isNull();
        assertThat(Handshakes.relayOf(null)).isNull();
    }

    @Test
    void aHandshakeIsTakenOnceByItsOwnAccountWithinFiveMinutes() {
        var clock = new MutableClock();
        var store = new Handshakes(clock, 2);
        var h = store.issue("acc_a", TARGET);
        assertThat(h.token()).matches("[0-9a-f]{64}");
        assertThat(h.nonce()).matches("[0-9a-f]{32}");
        assertThat(h.expiresAt()).isEqualTo(clock.millis() + 300_000);
        assertThat(h.toString()).doesNotContain(h.token(), h.nonce(), "modulus");

        assertThat(store.take(h.token(), "acc_b")).as("another account").isInstanceOf(Handshakes.Taken.Unknown.class);
        assertThat(store.take(h.token(), "acc_a")).isInstanceOf(Handshakes.Taken.Ok.class);
        assertThat(store.take(h.token(), "acc_a")).isInstanceOf(Handshakes.Taken.AlreadyUsed.class);
        assertThat(store.take(h.token(), "acc_b")).isInstanceOf(Handshakes.Taken.Unknown.class);
        assertThat(store.take("f".repeat(64), "acc_a")).isInstanceOf(Handshakes.Taken.Unknown.class);

        var late = store.issue("acc_a", TARGET);
        var swept = store.issue("acc_a", TARGET);
        assertThat(store.issue("acc_a", TARGET)).as("two unused handshakes at most").isNull();
        assertThat(store.issue("acc_b", TARGET)).isNotNull();
        clock.advance(300_000);
        assertThat(store.take(late.token(), "acc_a")).isInstanceOf(Handshakes.Taken.Expired.class);
        store.sweep();
        assertThat(store.take(swept.token(), "acc_a")).as("swept, still known as expired").isInstanceOf(Handshakes.Taken.Expired.class);
        assertThat(store.openCount()).isZero();
        assertThat(store.issue("acc_a", TARGET)).as("expired ones no longer count").isNotNull();
        clock.advance(31 * 60_000);
        store.sweep();
        assertThat(store.take(swept.token(), "acc_a")).isInstanceOf(Handshakes.Taken.Unknown.class);
    }

    @Test
    void consoleFileNamesCannotBeSteered() {
        assertThat(ConsoleCapture.part("../../etc/passwd")).isEqualTo("etc_passwd");
        assertThat(ConsoleCapture.part("Game Master ✨")).isEqualTo("Game_Master_");
        assertThat(ConsoleCapture.part("...")).isEqualTo("x");
        assertThat(ConsoleCapture.part("a".repeat(100))).hasSize(40);
        var target = new FoundryTarget(URI.create("http://foundry.example:30000"), "../Gamemaster", "../../world");
        var capture = ConsoleCapture.plan(java.nio.file.Path.of("/data"), ConsoleCapture.Level.WARN, target,
                "0123456789abcdef", Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(capture.relativeName()).isEqualTo("browser-logs/headless_world_Gamemaster_20260102T030405_01234567.log");
    }

    static final class MutableClock extends Clock {
        private long now = 1_700_000_000_000L;

        void advance(long millis) {
            now += millis;
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
