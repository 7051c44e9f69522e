package org.foundryrelay.bench.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void contentLengthBodyEndsTheResponseAndLeavesTheRest() {
        var body = new ByteArrayOutputStream();
        var p = new ResponseParser(body::write);
        var in = bytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1");
        assertThat(p.feed(in)).isTrue();
        assertThat(p.status()).isEqualTo(200);
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(in.remaining()).isEqualTo(8);
    }

    @Test
    void bytesMayArriveOneAtATime() {
        var body = new ByteArrayOutputStream();
        var p = new ResponseParser(body::write);
        var text = "HTTP/1.1 404 Not Found\r\ncontent-length: 5\r\n\r\nnope!";
        boolean done = false;
        for (int i = 0; i < text.length(); i++) done = p.feed(bytes(text.substring(i, i + 1)));
        assertThat(done).isTrue();
        assertThat(p.status()).isEqualTo(404);
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("nope!");
    }

    @Test
    void chunkedBodiesAreDechunkedAcrossReads() {
        var body = new ByteArrayOutputStream();
        var p = new ResponseParser(body::write);
        assertThat(p.feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab"))).isFalse();
        assertThat(p.headersDone()).isTrue();
        assertThat(p.chunked()).isTrue();
        assertThat(p.feed(bytes("cd\r\n3;x=y\r\nefg\r\n0\r\n\r\n"))).isTrue();
        assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("abcdefg");
    }

    @Test
    void resetReadiesTheNextResponseAndNoBodyStatusesEndAtTheHeaders() {
        var p = new ResponseParser();
        assertThat(p.feed(bytes("HTTP/1.1 204 No Content\r\n\r\n"))).isTrue();
        p.reset();
        assertThat(p.feed(bytes("HTTP/1.1 503 Busy\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"))).isTrue();
        assertThat(p.status()).isEqualTo(503);
        assertThat(p.closes()).isTrue();
    }

    @Test
    void malformedResponsesAreRefused() {
        assertThatThrownBy(() -> new ResponseParser().feed(bytes("SSH-2.0\r\n"))).isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> new ResponseParser().feed(bytes("HTTP/1.1 200 OK\r\n\r\n")))
                .isInstanceOf(HttpParseException.class);
        assertThatThrownBy(() -> new ResponseParser().feed(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")))
                .isInstanceOf(HttpParseException.class);
    }

    @Test
    void requestsCarryLengthAndType() {
        var r = new String(Requests.build("POST", "/roll?clientId=c", "h:1", java.util.Map.of("x-api-key", "k"), "{\"a\":1}"),
                StandardCharsets.UTF_8);
        assertThat(r).startsWith("POST /roll?clientId=c HTTP/1.1\r\nHost: h:1\r\nx-api-key: k\r\n")
                .contains("Content-Length: 7\r\n").endsWith("\r\n\r\n{\"a\":1}");
    }
}
