package org.foundryrelay.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.foundryrelay.config.TrustedProxies;

/**
 * The one place the relay decides who a request comes from. Behind a trusted proxy the client is the address
 * the proxy forwarded; from anyone else it is the TCP peer and forwarded headers are ignored. It rewrites the
 * request's remote address before any handler runs, so every consumer — API-key and sign-in failure limits,
 * pairing limits, the activity log, and the world and client WebSocket upgrades — sees the same address. The
 * proxy's {@code X-Forwarded-Proto} likewise becomes the request's scheme, for the URLs the relay builds.
 */
public final class ClientAddresses implements HttpConfiguration.Customizer {
    private static final String REAL_IP = "X-Real-IP";
    private final TrustedProxies trusted;

    ClientAddresses(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (!(request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress peer)
                || !trusted.trusts(peer.getAddress())) {
            return request;
        }
        var headers = request.getHeaders();
        var client = trusted.client(peer.getAddress(), forwardedFor(headers), headers.get(REAL_IP));
        var scheme = scheme(headers.get(HttpHeader.X_FORWARDED_PROTO));
        if (client == null && scheme == null) return request;
        return new Forwarded(request, client == null ? null : new InetSocketAddress(client, 0), scheme);
    }

    /** A request as the trusted proxy received it: the client's address and, if it said so, the client's scheme. */
    private static final class Forwarded extends Request.Wrapper {
        private final ConnectionMetaData meta;
        private final HttpURI uri;
        private final boolean secure;

        Forwarded(Request request, InetSocketAddress client, String scheme) {
            super(request);
            this.meta = client == null ? request.getConnectionMetaData()
                    : new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
                        @Override
                        public SocketAddress getRemoteSocketAddress() {
                            return client;
                        }
                    };
            this.uri = scheme == null ? request.getHttpURI() : HttpURI.build(request.getHttpURI()).scheme(scheme).asImmutable();
            this.secure = scheme == null ? request.isSecure() : scheme.equals("https");
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return meta;
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }

        @Override
        public boolean isSecure() {
            return secure;
        }
    }

    // The first entry is what the client used; only http and https are taken.
    private static String scheme(String forwardedProto) {
        if (forwardedProto == null) return null;
        var first = forwardedProto.split(",")[0].strip().toLowerCase(java.util.Locale.ROOT);
        return first.equals("https") || first.equals("http") ? first : null;
    }

    /**
     * The address without its port, as text ({@code 203.0.113.7}, {@code 2001:db8::1}), or null when unknown. WebSocket
     * endpoints read it from their upgrade request: a socket's own remote address is always the TCP peer.
     */
    public static String host(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a)) return null;
        return a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    }

    private static List<String> forwardedFor(HttpFields headers) {
        var values = new ArrayList<String>(1);
        for (var field : headers) {
            if (field.getHeader() == HttpHeader.X_FORWARDED_FOR) values.add(field.getValue());
        }
        return values;
    }
}
