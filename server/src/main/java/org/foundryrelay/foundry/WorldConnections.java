package org.foundryrelay.foundry;

import java.time.Clock;
import java.util.List;
import org.foundryrelay.store.WorldRecord;
import org.foundryrelay.store.WorldRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every world socket's listener: passes the first message to the login and later ones to the dispatch,
 * records the world in the store when it connects and its last-seen time when it leaves (with the store's
 * next batch), fails the calls still waiting on a closed socket, and tells the {@link WorldListener}s of
 * worlds coming and going. A world's first connect is written at once (the admin CLI, another process, or
 * another relay may list it next); a world coming back, whose row exists already, is written with the next
 * batch, so a reconnect storm does not cost a store round trip and a commit per world.
 */
final class WorldConnections implements WorldSocket.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(WorldConnections.class);

    private final WorldLogin login;
    private final InboundDispatch dispatch;
    private final WorldRequests requests;
    private final WorldRegistry registry;
    private final WorldRepository worlds;
    private final Clock clock;
    private final List<WorldListener> listeners;

    WorldConnections(WorldLogin login, InboundDispatch dispatch, WorldRequests requests, WorldRegistry registry,
                     WorldRepository worlds, Clock clock, List<WorldListener> listeners) {
        this.login = login;
        this.dispatch = dispatch;
        this.requests = requests;
        this.registry = registry;
        this.worlds = worlds;
        this.clock = clock;
        this.listeners = listeners;
    }

    @Override
    public void opened(WorldSocket socket) {
        login.expectAuth(socket);
    }

    @Override
    public void unauthenticated(WorldSocket socket, String text) {
        if (!login.authenticate(socket, text)) return;
        remember(socket);
        LOG.info("world connected: client={} account={} world={} address={}", socket.clientId(), socket.accountId(),
                socket.meta().worldId(), socket.remoteHost());
        listeners.forEach(l -> l.connected(socket));
    }

    @Override
    public void received(WorldSocket socket, String text) {
        dispatch.dispatch(socket, text);
    }

    @Override
    public void closed(WorldSocket socket, int code, String reason) {
        if (!registry.removeIfCurrent(socket)) return;
        requests.worldClosed(socket);
        worlds.touchLater(socket.accountId(), socket.clientId(), clock.millis());
        LOG.info("world disconnected: client={} code={} reason={}", socket.clientId(), code, reason);
        listeners.forEach(l -> l.disconnected(socket));
    }

    private void remember(WorldSocket socket) {
        var m = socket.meta();
        long now = clock.millis();
        var record = new WorldRecord(socket.accountId(), socket.clientId(), m.worldId(), m.worldTitle(),
                m.foundryVersion(), m.systemId(), m.systemTitle(), m.systemVersion(), m.customName(), m.publicUrl(),
                null, now, now);
        if (socket.returning()) worlds.upsertLater(record);
        else worlds.upsert(record);
    }
}
