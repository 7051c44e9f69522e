package org.foundryrelay.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.junit.jupiter.api.Test;

/** Joining and decoding a world's text frames: fragments, code points split across them, limits, bad UTF-8. */
class TextAssemblyTest {
    private final TextAssembly text = new TextAssembly();

    private static Frame frame(boolean first, boolean fin, byte[] bytes) {
        return new Frame(first ? OpCode.TEXT : OpCode.CONTINUATION, fin, ByteBuffer.wrap(bytes));
    }

    @Test
    void aWholeFrameIsOneMessage() {
        assertThat(text.add(frame(true, true, "{\"type\":\"ping\"}".getBytes()), true, 1024)).isEqualTo("{\"type\":\"ping\"}");
        assertThat(text.inMessage()).isFalse();
    }

    @Test
    void fragmentsJoinEvenWhenTheyCutACodePointAndPassTheFirstBuffer() {
        // U+FFFD itself is valid text: only input the strict decoder refuses is bad.
        var message = "{\"title\":\"Café \uFFFD 🐉\",\"pad\":\"" + "x".repeat(3000) + "\"}";
        var bytes = message.getBytes(StandardCharsets.UTF_8);
        // inside the dragon's four bytes
        int cut = message.substring(0, message.indexOf("🐉")).getBytes(StandardCharsets.UTF_8).length + 2;
        assertThat(text.add(frame(true, false, Arrays.copyOfRange(bytes, 0, cut)), true, 1 << 20)).isNull();
        assertThat(text.inMessage()).isTrue();
        assertThat(text.add(frame(false, false, Arrays.copyOfRange(bytes, cut, cut + 1)), false, 1 << 20)).isNull();
        assertThat(text.add(frame(false, true, Arrays.copyOfRange(bytes, cut + 1, bytes.length)), false, 1 << 20))
                .isEqualTo(message);
        assertThat(text.inMessage()).isFalse();
    }

    @Test
    void badUtf8IsRefusedWholeOrInFragments() {
        assertThatThrownBy(() -> text.add(frame(true, true, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}), true, 1024))
                .isInstanceOf(BadPayloadException.class);
        text.add(frame(true, false, new byte[] {'"', (byte) 0xED}), true, 1024);
        // ED A0 80 would be a surrogate half: not UTF-8
        assertThatThrownBy(() -> text.add(frame(false, true, new byte[] {(byte) 0xA0, (byte) 0x80, '"'}), false, 1024))
                .isInstanceOf(BadPayloadException.class);
    }

    @Test
    void theLimitCountsEveryFragment() {
        text.add(frame(true, false, new byte[600]), true, 1000);
        assertThatThrownBy(() -> text.add(frame(false, true, new byte[600]), false, 1000))
                .isInstanceOf(MessageTooLargeException.class);
        assertThatThrownBy(() -> text.add(frame(true, true, new byte[1001]), true, 1000))
                .isInstanceOf(MessageTooLargeException.class);
    }
}
