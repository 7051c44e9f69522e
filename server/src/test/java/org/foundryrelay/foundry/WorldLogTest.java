package org.foundryrelay.foundry;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.foundryrelay.Relay;
import org.foundryrelay.testing.RawSocket;
import org.foundryrelay.testing.RelayExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** An operator can tell from the log why a world was refused or dropped, and never sees its token. */
class WorldLogTest {
    @RegisterExtension
    static final RelayExtension env = new RelayExtension(Map.of());

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    /** The room's logger: login, sweeper and connections log below it. */
    private final Logger hubLog = (Logger) LoggerFactory.getLogger(WorldHub.class.getPackageName());
    private Level previous;

    @BeforeEach
    void capture() {
        appender.start();
        previous = hubLog.getLevel();
        hubLog.setLevel(Level.INFO);
        hubLog.addAppender(appender);
    }

    @AfterEach
    void release() {
        hubLog.detachAppender(appender);
        hubLog.setLevel(previous);
    }

    private String logged() {
        return String.join("\n", appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    }

    @Test
    void aRefusedLoginNamesReasonClientAndAddressButNotTheToken() throws Exception {
        var secret = "not-a-real-token-0123456789abcdef";
        try (var raw = RawSocket.open(env.relay().relay().port(), "/relay?id=fvtt_refused00000001", "127.0.0.2")) {
            raw.sendText("{\"type\":\"auth\",\"token\":\"" + secret + "\"}");
            assertThat(raw.next().closeCode()).isEqualTo(1008);
        }
        assertThat(logged()).contains("world login refused", "client=fvtt_refused00000001", "address=127.0.0.2",
                "reason=Authentication failed").doesNotContain(secret);
    }

    @Test
    void aRevokedTokenAndAReplacedSocketSayWhy() throws Exception {
        var token = env.relay().connectionToken("logs", "fvtt_logged000000001");
        var first = env.sims().connect(env.relay(), "fvtt_logged000000001", token, org.foundryrelay.testing.SimWorlds.world("w"));
        env.relay().revokeToken(token);
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> logged().contains("reason=Connection token revoked"));
        assertThat(logged()).contains("client=fvtt_logged000000001", "reason=Connection token revoked").doesNotContain(token);
        first.close();
    }

    @Test
    void aStoppedRelaySaysSo() {
        var root = (Logger) LoggerFactory.getLogger(Relay.class);
        var stops = new ListAppender<ILoggingEvent>();
        stops.start();
        var level = root.getLevel();
        root.setLevel(Level.INFO);
        root.addAppender(stops);
        try (var relay = org.foundryrelay.testing.TestRelay.start(Map.of())) {
            relay.env();
        } finally {
            root.detachAppender(stops);
            root.setLevel(level);
        }
        assertThat(stops.list).anyMatch(e -> e.getFormattedMessage().equals("relay stopped"));
    }
}
