package org.foundryrelay.bench.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class SseTest {
    @Test
    void eventsEndAtBlankLinesAndCommentsAreSkipped() {
        var seen = new ArrayList<String>();
        var p = new SseParser((name, data) -> seen.add(name + "=" + data));
        var text = ": keepalive\n\nevent: connected\ndata: {\"a\":1}\n\nid: 7\r\nevent: roll\r\ndata: x\r\ndata: y\r\n\r\ndata: plain\n\n";
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 5) p.feed(bytes, i, Math.min(5, bytes.length - i));
        assertThat(seen).containsExactly("connected={\"a\":1}", "roll=x\ny", "message=plain");
    }

    @Test
    void stampsRoundTripThroughTheFlavor() {
        var stamp = new Stamp(42, 1_700_000_000_123_456L);
        var json = "{\"id\":\"r1\",\"flavor\":\"" + stamp.flavor() + "\",\"rollTotal\":7}";
        assertThat(Stamp.find(json)).isEqualTo(stamp);
        assertThat(Stamp.find("{\"flavor\":\"\"}")).isNull();
        assertThat(Stamp.nowMicros()).isGreaterThan(1_600_000_000_000_000L);
    }
}
