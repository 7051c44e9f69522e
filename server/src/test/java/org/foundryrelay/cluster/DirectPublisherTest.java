package org.foundryrelay.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import org.foundryrelay.testing.RedisServer;
import org.junit.jupiter.api.Test;

/** Publishing without replies, against a real redis-server that asks for a password. */
class DirectPublisherTest {
    @Test
    void logsInSelectsTheDatabasePublishesAndRecoversAfterARestart() throws Exception {
        try (var redis = RedisServer.start("--requirepass", "s3cret-pass")) {
            var url = "redis://:s3cret-pass@127.0.0.1:" + redis.port() + "/2";
            var client = RedisClient.create(url);
            var heard = new CopyOnWriteArrayList<String>();
            try (var sub = client.connectPubSub(); var publisher = new DirectPublisher(RedisURI.create(url))) {
                sub.addListener(new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String channel, String message) {
                        heard.add(channel + "=" + message);
                    }
                });
                sub.sync().subscribe("fr:relay:x");
                var text = "call\nline two \\ with é and 😀";
                assertThat(publisher.publish("fr:relay:x", text).get()).isEqualTo(-1L);
                await().atMost(Duration.ofSeconds(5)).until(() -> heard.contains("fr:relay:x=" + text));

                // Redis restarts: the dead connection is noticed and the next publish makes a new one.
                redis.stop();
                await().atMost(Duration.ofSeconds(5)).until(() -> publisher.publish("fr:relay:x", "gone").isCompletedExceptionally());
                redis.resume();
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !publisher.publish("fr:relay:x", "back").isCompletedExceptionally()
                                && heard.contains("fr:relay:x=back"));
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aWrongPasswordFailsWithoutSayingIt() {
        try (var redis = RedisServer.start("--requirepass", "right-pass");
             var publisher = new DirectPublisher(RedisURI.create("redis://:wrong-pass@127.0.0.1:" + redis.port()))) {
            var sent = publisher.publish("fr:relay:x", "hello");
            assertThat(sent).isCompletedExceptionally();
            var error = sent.handle((r, e) -> e.getMessage()).join();
            assertThat(error).startsWith("AUTH refused").doesNotContain("wrong-pass");
        }
    }
}
