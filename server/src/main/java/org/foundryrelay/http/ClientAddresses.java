package org.foundryrelay.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.foundryrelay.config.TrustedProxies;

/**
 * The one place the relay decides who a request comes from. Behind a trusted proxy the client is the address
 * the proxy forwarded; from anyone else it is the TCP peer and forwarded headers are ignored. It rewrites the
 * request's remote address before any handler runs, so every consumer — API-key and sign-in failure limits,
 * pairing limits, the activity log, and the world and client WebSocket upgrades — sees the same address.
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
        var forwarded = forwardedFor(headers);
        var client = trusted.client(peer.getAddress(), forwarded, headers.get(REAL_IP));
        if (client == null) return request;
        var address = new InetSocketAddress(client, 0);
        return new Request.Wrapper(request) {
            private final ConnectionMetaData meta = new ConnectionMetaData.Wrapper(request.getConnectionMetaData()) {
                @Override
                public SocketAddress getRemoteSocketAddress() {
                    return address;
                }
            };

            @Override
            public ConnectionMetaData getConnectionMetaData() {
                return meta;
            }
        };
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
