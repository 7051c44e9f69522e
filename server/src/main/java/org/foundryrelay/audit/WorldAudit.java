package org.foundryrelay.audit;

import org.foundryrelay.auth.PairingEndpoints;
import org.foundryrelay.foundry.WorldListener;
import org.foundryrelay.foundry.WorldSocket;

/** Puts worlds pairing, unpairing, connecting and disconnecting into their account's activity log. */
public final class WorldAudit implements WorldListener, PairingEndpoints.PairingEvents {
    private final AuditLog log;

    public WorldAudit(AuditLog log) {
        this.log = log;
    }

    @Override
    public void paired(String accountId, String clientId, String tokenId) {
        log.record(new AuditLog.Who(accountId, "world", null, null), clientId, "world.paired", null);
    }

    @Override
    public void unpaired(String accountId, String clientId, String tokenId) {
        log.record(new AuditLog.Who(accountId, "world", null, null), clientId, "world.unpaired", "by the module");
    }

    @Override
    public void connected(WorldSocket world) {
        log.record(new AuditLog.Who(world.accountId(), "world", null, null), world.clientId(), "world.connected",
                world.meta().worldTitle());
    }

    @Override
    public void disconnected(WorldSocket world) {
        log.record(new AuditLog.Who(world.accountId(), "world", null, null), world.clientId(), "world.disconnected", null);
    }
}
