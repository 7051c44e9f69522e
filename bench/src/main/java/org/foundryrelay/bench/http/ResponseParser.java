package org.foundryrelay.bench.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An incremental HTTP/1.1 response parser for a keep-alive connection: bytes go in as they arrive, and
 * {@link #feed} says when one whole response has been read. Bodies framed by Content-Length or chunked
 * transfer coding are supported (what Jetty sends); body bytes go to an optional {@link BodySink}.
 */
public final class ResponseParser {
    /** Receives body bytes (after de-chunking) as they arrive. */
    @FunctionalInterface
    public interface BodySink {
        void body(byte[] bytes, int offset, int length);
    }

    private enum State { STATUS, HEADERS, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DONE }

    private static final int MAX_LINE = 16 * 1024;

    private final BodySink sink;
    private final byte[] line = new byte[MAX_LINE];
    private final byte[] copy = new byte[16 * 1024];
    private int lineLength;
    private State state = State.STATUS;
    private int status;
    private long remaining;
    private boolean chunked;
    private boolean close;
    private long contentLength = -1;

    public ResponseParser() {
        this(null);
    }

    public ResponseParser(BodySink sink) {
        this.sink = sink;
    }

    /** Readies the parser for the next response on the same connection. */
    public void reset() {
        state = State.STATUS;
        status = 0;
        lineLength = 0;
        remaining = 0;
        chunked = false;
        close = false;
        contentLength = -1;
    }

    /**
     * Consumes bytes from {@code in} up to the end of the current response.
     *
     * @return true when a whole response has been read (bytes after it stay in {@code in})
     * @throws HttpParseException on a malformed response
     */
    public boolean feed(ByteBuffer in) {
        while (in.hasRemaining() && state != State.DONE) {
            switch (state) {
                case STATUS, HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                    if (readLine(in)) onLine();
                }
                case FIXED_BODY, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    deliver(in, n);
                    remaining -= n;
                    if (remaining == 0) state = state == State.FIXED_BODY ? State.DONE : State.CHUNK_END;
                }
                case DONE -> { }
            }
        }
        return state == State.DONE;
    }

    /** True once the status line and headers of the current response have been read. */
    public boolean headersDone() {
        return state != State.STATUS && state != State.HEADERS;
    }

    public int status() {
        return status;
    }

    /** Whether the server will close the connection after this response. */
    public boolean closes() {
        return close;
    }

    public boolean chunked() {
        return chunked;
    }

    private void deliver(ByteBuffer in, int n) {
        if (sink == null) {
            in.position(in.position() + n);
            return;
        }
        if (in.hasArray()) {
            sink.body(in.array(), in.arrayOffset() + in.position(), n);
            in.position(in.position() + n);
            return;
        }
        int left = n;
        while (left > 0) {
            int k = Math.min(left, copy.length);
            in.get(copy, 0, k);
            sink.body(copy, 0, k);
            left -= k;
        }
    }

    // Collects bytes up to LF; true when a line is complete (without its CR LF).
    private boolean readLine(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
                return true;
            }
            if (lineLength == MAX_LINE) throw new HttpParseException("line longer than " + MAX_LINE + " bytes");
            line[lineLength++] = b;
        }
        return false;
    }

    private void onLine() {
        var text = lineLength == 0 ? "" : new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        switch (state) {
            case STATUS -> {
                if (!text.startsWith("HTTP/1.") || text.length() < 12) throw new HttpParseException("bad status line: " + text);
                status = Integer.parseInt(text.substring(9, 12));
                close = text.startsWith("HTTP/1.0");
                state = State.HEADERS;
            }
            case HEADERS -> {
                if (text.isEmpty()) {
                    endOfHeaders();
                } else {
                    header(text);
                }
            }
            case CHUNK_SIZE -> {
                int semi = text.indexOf(';');
                var hex = (semi >= 0 ? text.substring(0, semi) : text).trim();
                try {
                    remaining = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new HttpParseException("bad chunk size: " + text);
                }
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (!text.isEmpty()) throw new HttpParseException("chunk not followed by CRLF");
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (text.isEmpty()) state = State.DONE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void header(String text) {
        char first = Character.toLowerCase(text.charAt(0));
        if (first != 'c' && first != 't') return; // only Content-Length, Connection, Transfer-Encoding matter
        int colon = text.indexOf(':');
        if (colon <= 0) throw new HttpParseException("bad header: " + text);
        var name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        var value = text.substring(colon + 1).trim();
        switch (name) {
            case "content-length" -> contentLength = Long.parseLong(value);
            case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            case "connection" -> close = value.equalsIgnoreCase("close");
            default -> { }
        }
    }

    private void endOfHeaders() {
        boolean noBody = status == 204 || status == 304 || status / 100 == 1;
        if (noBody) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = remaining == 0 ? State.DONE : State.FIXED_BODY;
        } else {
            throw new HttpParseException("response without Content-Length or chunked coding");
        }
    }
}
