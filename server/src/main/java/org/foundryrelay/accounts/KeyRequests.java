package org.foundryrelay.accounts;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.foundryrelay.audit.AuditLog;
import org.foundryrelay.auth.Pairing;
import org.foundryrelay.auth.Scope;
import org.foundryrelay.auth.Secrets;
import org.foundryrelay.http.ApiException;
import org.foundryrelay.store.AccountRecord;
import org.foundryrelay.store.ApiKeyRecord;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.KeyRequestRecord;
import org.foundryrelay.store.KeyRequestRepository;

/**
 * The flow an integration uses to obtain a key: it asks (app name, scopes), a person approves it in the
 * dashboard choosing what to grant, and the integration collects the key by polling or by exchanging the
 * code its callback received. The key is minted at collection, so its plain value is never stored.
 */
public final class KeyRequests {
    public static final Duration TTL = Duration.ofMinutes(10);
    private static final int CODE_LENGTH = 6;

    private final KeyRequestRepository requests;
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final Clock clock;

    public KeyRequests(KeyRequestRepository requests, ApiKeyRepository keys, AuditLog audit, Clock clock) {
        this.requests = requests;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    /** What an integration asks for. */
    public record Ask(String appName, String appDescription, String appUrl, List<String> scopes, List<String> clientIds,
                      String callbackUrl, Long suggestedMonthlyLimit, String suggestedExpiry) {}

    /** What the approving person grants; null fields take the request's values. */
    public record Grant(List<String> scopes, List<String> clientIds, Long monthlyLimit, Instant expiresAt) {}

    /** A key collected by the integration: shown to it once. */
    public record Collected(String apiKey, List<String> scopes, List<String> clientIds) {}

    public KeyRequestRecord create(Ask a) {
        if (a.appName() == null || a.scopes() == null || a.scopes().isEmpty()) {
            throw new ApiException(400, "appName and scopes are required");
        }
        a.scopes().forEach(s -> Scope.fromWire(s).orElseThrow(() -> new ApiException(400, "Invalid scope: " + s)));
        checkUrl("appUrl", a.appUrl());
        checkUrl("callbackUrl", a.callbackUrl());
        long now = clock.millis();
        requests.deleteExpired(now - Duration.ofDays(1).toMillis());
        for (int i = 0; i < 10; i++) {
            var r = new KeyRequestRecord(Secrets.randomCode(Pairing.ALPHABET, CODE_LENGTH), a.appName(), a.appDescription(),
                    a.appUrl(), List.copyOf(a.scopes()), a.clientIds() == null ? List.of() : List.copyOf(a.clientIds()),
                    a.callbackUrl(), a.suggestedMonthlyLimit(), a.suggestedExpiry(), "pending", null, List.of(), List.of(),
                    null, null, null, null, now + TTL.toMillis(), now);
            if (requests.insert(r)) return r;
        }
        throw new IllegalStateException("could not draw an unused key request code");
    }

    private static void checkUrl(String field, String url) {
        if (url == null) return;
        try {
            var u = URI.create(url);
            if (!("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Invalid " + field + ": must be an http(s) URL");
        }
    }

    public Optional<KeyRequestRecord> find(String code) {
        return requests.find(code);
    }

    public List<KeyRequestRecord> pending() {
        return requests.listPending(clock.millis());
    }

    public boolean expired(KeyRequestRecord r) {
        return r.expiresAt() <= clock.millis();
    }

    /**
     * Approves a pending request for the account.
     *
     * @return the approved record and, for a request with a callback URL, the one-time exchange code
     */
    public Map.Entry<KeyRequestRecord, String> approve(AccountRecord account, String code, Grant grant) {
        var r = requests.find(code).orElseThrow(() -> new ApiException(404, "Key request not found"));
        if (!r.status().equals("pending")) throw new ApiException(400, "Key request is not pending");
        if (expired(r)) throw new ApiException(410, "Key request has expired");
        var scopes = grant.scopes() == null ? r.requestedScopes() : grant.scopes();
        for (var s : scopes) {
            if (!r.requestedScopes().contains(s)) throw new ApiException(400, "Cannot grant scope not in original request: " + s);
        }
        if (scopes.isEmpty()) throw new ApiException(400, "At least one scope is required");
        var exchange = r.callbackUrl() == null ? null : Secrets.randomHex(16);
        var approved = new KeyRequestRecord(r.code(), r.appName(), r.appDescription(), r.appUrl(), r.requestedScopes(),
                r.requestedClientIds(), r.callbackUrl(), r.suggestedMonthlyLimit(), r.suggestedExpiry(), "approved",
                account.id(), scopes, grant.clientIds() == null ? List.of() : grant.clientIds(), grant.monthlyLimit(),
                grant.expiresAt() == null ? null : grant.expiresAt().toEpochMilli(), "key_" + Secrets.randomHex(6),
                exchange == null ? null : Secrets.sha256(exchange), r.expiresAt(), r.createdAt());
        if (!requests.approve(approved)) throw new ApiException(400, "Key request is not pending");
        audit.record(new AuditLog.Who(account.id(), "session", approved.keyId(), r.appName()), null, "key-request.approved", code);
        return Map.entry(approved, exchange == null ? "" : exchange);
    }

    public void deny(AccountRecord account, String code) {
        var r = requests.find(code).orElseThrow(() -> new ApiException(404, "Key request not found"));
        if (!r.status().equals("pending") || !requests.transition(code, "pending", "denied")) {
            throw new ApiException(400, "Key request is not pending");
        }
        audit.record(AuditLog.Who.session(account.id()), null, "key-request.denied", r.appName());
    }

    /** Collects the key of an approved request (once): mints it now and marks the request exchanged. */
    public Optional<Collected> collect(KeyRequestRecord r) {
        var moved = r.code() != null ? requests.transition(r.code(), "approved", "exchanged")
                : requests.transitionByExchangeHash(r.exchangeHash(), "approved", "exchanged");
        if (!moved) return Optional.empty();
        var plain = Secrets.randomHex(32);
        var scopes = r.grantedScopes().stream().filter(s -> Scope.fromWire(s).isPresent()).toList();
        keys.insert(new ApiKeyRecord(r.keyId(), r.accountId(), null, r.appName(), Secrets.sha256(plain), plain.substring(0, 8),
                scopes, r.grantedClientIds(), null, Map.of(), r.grantedMonthlyLimit(), null, 0, r.grantedExpiresAt(), true,
                clock.millis(), null));
        audit.record(new AuditLog.Who(r.accountId(), "session", r.keyId(), r.appName()), null, "key.created", "by key request");
        return Optional.of(new Collected(plain, scopes, r.grantedClientIds()));
    }

    /** The request whose web-flow exchange code this is. */
    public Optional<KeyRequestRecord> byExchangeCode(String exchangeCode) {
        return requests.findByExchangeHash(Secrets.sha256(exchangeCode));
    }
}
