package org.foundryrelay.session;

import java.time.Clock;
import java.util.List;
import org.foundryrelay.auth.ConnectionTokens;
import org.foundryrelay.session.SessionState.EndReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions as the shared store records them, whichever relay holds them: which relays hold open ones, one
 * session by id, and ending those a relay left open (it restarted, or left the cluster without ending them).
 */
final class StoredSessions {
    private static final Logger LOG = LoggerFactory.getLogger(StoredSessions.class);

    private final SessionRepository repo;
    private final ConnectionTokens tokens;
    private final Clock clock;

    StoredSessions(SessionRepository repo, ConnectionTokens tokens, Clock clock) {
        this.repo = repo;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A session, or null when unknown. */
    SessionRecord find(String sessionId) {
        return repo.find(sessionId);
    }

    /** The relays that hold sessions of this account (or of every account when it is null) that have not ended. */
    List<String> relaysHolding(String accountId) {
        return repo.openInstances(accountId);
    }

    /**
     * Ends the sessions of {@code instanceId} still open in the store: their tokens are revoked first, so a world
     * still connected with one is closed by the revocation.
     *
     * @return how many were ended
     */
    int endOpen(String instanceId, EndReason reason) {
        long now = clock.millis();
        int n = 0;
        for (var row : repo.open(instanceId)) {
            if (row.tokenId() != null) {
                try {
                    tokens.revoke(row.tokenId());
                } catch (RuntimeException e) {
                    LOG.warn("headless session {}: revoking its token failed: {}", row.id(), e.getMessage());
                }
            }
            repo.markEnded(row.id(), reason.wire(), row.lastActivity(), now);
            LOG.info("headless session {} of relay {} ended: {}", row.id(), instanceId, reason.wire());
            n++;
        }
        return n;
    }
}
