package org.foundryrelay.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.foundryrelay.store.TokenRecord;
import org.foundryrelay.store.TokenRepository;

/**
 * Issues and checks connection tokens, the credentials a Foundry world presents as its first message on
 * {@code /relay}. A token is 32 random bytes (64 hex characters, as the module expects); only its
 * SHA-256 is stored.
 */
public final class ConnectionTokens {
    private final TokenRepository tokens;
    private final Clock clock;

    public ConnectionTokens(TokenRepository tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A token just issued: the stored record and the plain value, which is handed out once. */
    public record Issued(TokenRecord record, String plainToken) {}

    /**
     * Issues a token for an account.
     *
     * @param clientId the world it is bound to, or null to bind it to the first world that uses it
     * @param source   {@code pairing}, {@code headless} or {@code cli}
     */
    public Issued issue(String accountId, String clientId, String source, String name) {
        var plain = Secrets.randomHex(32);
        var record = new TokenRecord("tok_" + Secrets.randomHex(6), accountId, Secrets.sha256(plain), name, clientId,
                source, List.of(), clock.millis(), null, null);
        tokens.insert(record);
        return new Issued(record, plain);
    }

    /**
     * Issues {@code count} tokens in one transaction, each bound to a fresh client id: credentials for
     * many worlds at once (load tests, fleets of headless worlds), without a pairing round trip each.
     */
    public List<Issued> issueForNewWorlds(String accountId, int count, String source, String name) {
        var issued = new java.util.ArrayList<Issued>(count);
        long now = clock.millis();
        for (int i = 0; i < count; i++) {
            var plain = Secrets.randomHex(32);
            var record = new TokenRecord("tok_" + Secrets.randomHex(6), accountId, Secrets.sha256(plain), name,
                    Pairing.newClientId(), source, List.of(), now, null, null);
            issued.add(new Issued(record, plain));
        }
        tokens.insertAll(issued.stream().map(Issued::record).toList());
        return issued;
    }

    /** The live token with this plain value, if any. */
    public Optional<TokenRecord> find(String plainToken) {
        if (plainToken == null || plainToken.isBlank()) return Optional.empty();
        return tokens.findActiveByHash(Secrets.sha256(plainToken));
    }

    /** Binds a token issued without a world to {@code clientId}; true when it is bound to that world. */
    public boolean bind(TokenRecord token, String clientId) {
        if (token.clientId() != null) return token.clientId().equals(clientId);
        return tokens.bindClient(token.id(), clientId);
    }

    /** Records that the token was just used (written with the store's next batch). */
    public void touch(String tokenId) {
        tokens.touchLater(tokenId, clock.millis());
    }

    /** Revokes a token; false when there is no live token with that id. */
    public boolean revoke(String tokenId) {
        return tokens.revoke(tokenId, clock.millis());
    }

    public Optional<TokenRecord> byId(String tokenId) {
        return tokens.findById(tokenId);
    }

    /** Live tokens of one account, or of all accounts when {@code accountId} is null. */
    public List<TokenRecord> list(String accountId) {
        return tokens.listActive(accountId);
    }

    /** Ids of tokens revoked at or after {@code since} (epoch millis), from any process sharing the store. */
    public List<String> revokedSince(long since) {
        return tokens.revokedSince(since);
    }

    public void rename(String tokenId, String name) {
        tokens.rename(tokenId, name);
    }

    public void setAllowedIps(String tokenId, List<String> ips) {
        tokens.setAllowedIps(tokenId, ips);
    }
}
