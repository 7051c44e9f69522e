package org.foundryrelay.foundry;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * Joins the frames of one socket's text messages and decodes them. A message in one frame is decoded at
 * once; fragments are gathered as bytes until the last. Jetty hands a socket its frames one at a time, so no
 * locking is needed.
 *
 * <p>Decoding goes through {@code new String(bytes, UTF_8)}, the JDK's vectorised path (a world's replies are
 * mostly ASCII JSON, up to whole files in base64), rather than a byte-at-a-time decoder. That path replaces
 * bad input with U+FFFD instead of refusing it, so a message holding U+FFFD is decoded again strictly: the
 * socket must still refuse bad UTF-8.
 */
final class TextAssembly {
    private byte[] fragments;
    private int size;

    /** Whether a fragmented text message has begun and not ended (a continuation frame belongs to it). */
    boolean inMessage() {
        return fragments != null;
    }

    /**
     * Takes a text frame ({@code first}) or a continuation of one.
     *
     * @param limit the largest message accepted, counted over all its fragments
     * @return the whole message once its last frame is in, else null
     * @throws MessageTooLargeException when the message grows past {@code limit} (Jetty closes with 1009)
     * @throws BadPayloadException      when the message is not valid UTF-8 (Jetty closes with 1007)
     */
    String add(Frame frame, boolean first, long limit) {
        int length = frame.getPayloadLength();
        long total = (first ? 0L : size) + length;
        if (total > limit) throw new MessageTooLargeException("Text message too large: " + total + " > " + limit);
        var payload = frame.getPayload();
        if (first && frame.isFin()) {
            var bytes = new byte[length];
            if (length > 0) payload.slice().get(bytes);
            return decode(bytes, length);
        }
        if (first) {
            fragments = new byte[Math.max(length, 1024)];
            size = 0;
        }
        if (length > 0) {
            if (size + length > fragments.length) {
                fragments = Arrays.copyOf(fragments, (int) Math.min(Integer.MAX_VALUE - 8,
                        Math.max(size + (long) length, 2L * fragments.length)));
            }
            payload.slice().get(fragments, size, length);
            size += length;
        }
        if (!frame.isFin()) return null;
        var whole = fragments;
        int wholeSize = size;
        fragments = null;
        size = 0;
        return decode(whole, wholeSize);
    }

    private static String decode(byte[] bytes, int length) {
        var text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, length));
            } catch (CharacterCodingException e) {
                throw new BadPayloadException.InvalidUtf8();
            }
        }
        return text;
    }
}
