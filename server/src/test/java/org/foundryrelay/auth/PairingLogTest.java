package org.foundryrelay.auth;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.foundryrelay.testing.Http;
import org.foundryrelay.testing.Pairings;
import org.foundryrelay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Request codes, pairing codes and tokens never reach a log line, though the paths carry some of them. */
class PairingLogTest {

    @Test
    void aWholeDeviceFlowLogsNoSecret() throws Exception {
        var loggers = List.of((Logger) LoggerFactory.getLogger("request"), (Logger) LoggerFactory.getLogger(PairingEndpoints.class));
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        var levels = loggers.stream().map(Logger::getLevel).toList();
        loggers.forEach(l -> {
            l.addAppender(appender);
            l.setLevel(Level.INFO);
        });
        try (var relay = TestRelay.start(Map.of())) {
            relay.cli("accounts", "create", "quiet");
            var code = Pairings.json(Http.post(relay.uri("/auth/pair-request"), "{\"worldId\":\"w\",\"worldTitle\":\"T\"}"))
                    .get("code").asText();
            Http.get(relay.uri("/pair/" + code));
            relay.cli("pair", "approve", code, "--account", "quiet");
            var pairingCode = Pairings.json(Http.get(relay.uri("/auth/pair-request/" + code + "/status")))
                    .get("pairingCode").asText();
            var token = Pairings.json(Pairings.pair(relay, Map.of("code", pairingCode, "worldId", "w"))).get("token").asText();
            Http.post(relay.uri("/api/self-unpair"), "{\"token\":\"" + token + "\"}");

            await().atMost(java.time.Duration.ofSeconds(10)).until(() -> appender.list.size() >= 8);
            var all = String.join("\n", appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
            assertThat(all).contains("path=/auth/pair-request/{code}/status", "path=/pair/{code}", "path=/auth/pair ",
                    "waiting for approval", "paired", "unpaired");
            assertThat(all).doesNotContain(code, pairingCode, token);
        } finally {
            for (int i = 0; i < loggers.size(); i++) {
                loggers.get(i).detachAppender(appender);
                loggers.get(i).setLevel(levels.get(i));
            }
        }
    }
}
