package org.foundryrelay.bench.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An incremental Server-Sent Events parser: body bytes in, {@code (event, data)} pairs out at each blank
 * line. Comments (keep-alives) and fields other than {@code event} and {@code data} are skipped.
 */
public final class SseParser {
    /** Receives each complete event. */
    @FunctionalInterface
    public interface EventSink {
        void event(String name, String data);
    }

    private final EventSink sink;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private String event;
    private StringBuilder data;

    public SseParser(EventSink sink) {
        this.sink = sink;
    }

    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                onLine(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else if (b != '\r') {
                line.write(b);
            }
        }
    }

    private void onLine(String text) {
        if (text.isEmpty()) {
            if (data != null) sink.event(event == null ? "message" : event, data.toString());
            event = null;
            data = null;
            return;
        }
        if (text.startsWith(":")) return;
        int colon = text.indexOf(':');
        var field = colon < 0 ? text : text.substring(0, colon);
        var value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) value = value.substring(1);
        switch (field) {
            case "event" -> event = value;
            case "data" -> {
                if (data == null) data = new StringBuilder(value);
                else data.append('\n').append(value);
            }
            default -> { }
        }
    }
}
