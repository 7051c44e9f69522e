package org.foundryrelay.foundry;

import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * Joins the frames of one socket's text messages. A message in one frame is decoded at once; fragments are
 * gathered until the last. Jetty hands a socket its frames one at a time, so no locking is needed.
 */
final class TextAssembly {
    private Utf8StringBuilder fragments;
    private long bytes;

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
        long total = (first ? 0 : bytes) + frame.getPayloadLength();
        if (total > limit) throw new MessageTooLargeException("Text message too large: " + total + " > " + limit);
        if (first && frame.isFin()) return decode(new Utf8StringBuilder(frame.getPayloadLength()), frame);
        if (first) fragments = new Utf8StringBuilder(frame.getPayloadLength());
        bytes = total;
        if (!frame.isFin()) {
            if (frame.hasPayload()) fragments.append(frame.getPayload());
            return null;
        }
        var whole = fragments;
        fragments = null;
        bytes = 0;
        return decode(whole, frame);
    }

    private static String decode(Utf8StringBuilder text, Frame last) {
        if (last.hasPayload()) text.append(last.getPayload());
        return text.takeCompleteString(BadPayloadException.InvalidUtf8::new);
    }
}
