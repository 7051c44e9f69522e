package org.foundryrelay.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.foundryrelay.store.PairRequestRecord;
import org.foundryrelay.store.PairRequestRecord.Status;
import org.foundryrelay.store.PairRequestRepository;
import org.foundryrelay.store.WorldRecord;
import org.foundryrelay.store.WorldRepository;

/**
 * The device flow: a world asks to be paired, the relay operator approves it for an account (or denies
 * it) from the command line, and the world, polling, receives a pairing code it exchanges as usual.
 */
public final class PairRequests {
    public static final int CODE_LENGTH = 8;
    public static final Duration REQUEST_TTL = Duration.ofMinutes(10);
    /** An approved request's pairing code only has to survive until the next poll and exchange. */
    public static final Duration APPROVED_CODE_TTL = Duration.ofMinutes(5);
    private static final Duration KEEP_EXPIRED = Duration.ofHours(1);
    private static final int MAX_DRAWS = 10;

    private final PairRequestRepository requests;
    private final WorldRepository worlds;
    private final Pairing pairing;
    private final Clock clock;

    public PairRequests(PairRequestRepository requests, WorldRepository worlds, Pairing pairing, Clock clock) {
        this.requests = requests;
        this.worlds = worlds;
        this.pairing = pairing;
        this.clock = clock;
    }

    /** What a world sends to {@code POST /auth/pair-request}; absent or blank fields are null. */
    public record NewRequest(String worldId, String worldTitle, String systemId, String systemTitle,
                             String systemVersion, String foundryVersion, String clientId, String serverFingerprint,
                             boolean upgradeOnly) {}

    /** Where a request stands for its poller: the stored status, or EXPIRED once its time is up undecided. */
    public enum State { PENDING, APPROVED, EXCHANGED, DENIED, EXPIRED }

    /** The answer to one status poll. */
    public sealed interface Poll {
        record Pending() implements Poll {}

        /** Approved: the pairing code, revealed to this one poll only. */
        record Approved(String pairingCode) implements Poll {}

        /** An upgrade-only request was approved; there is nothing to exchange. */
        record Upgraded() implements Poll {}

        record Exchanged() implements Poll {}

        record Denied() implements Poll {}

        record Expired() implements Poll {}

        record NotFound() implements Poll {}
    }

    /** The outcome of an operator's decision. */
    public sealed interface Decision {
        /**
         * Approved: the world gets a pairing code on its next poll, bound to {@code clientId} when the world
         * asked as one of the account's worlds (else null).
         */
        record Approved(String clientId) implements Decision {}

        /** An upgrade-only request was approved for this existing world. */
        record Upgraded(String clientId) implements Decision {}

        record Denied() implements Decision {}

        record NotFound() implements Decision {}

        /** The request cannot be decided, for the reason given to people in {@code reason}. */
        record Refused(Why why, String reason) implements Decision {}

        /** Why a request cannot be decided. */
        enum Why {
            /** An upgrade-only request for a world the account has not paired. */
            NOT_YET_PAIRED,
            /** Already decided, or changed while being decided. */
            NOT_PENDING,
            /** Expired; the world has to ask again. */
            EXPIRED
        }
    }

    /** Records a new pending request under a fresh 8-character code. */
    public PairRequestRecord create(NewRequest r) {
        long now = clock.millis();
        requests.deleteExpired(now - KEEP_EXPIRED.toMillis());
        for (int i = 0; i < MAX_DRAWS; i++) {
            var record = new PairRequestRecord(Secrets.randomCode(Pairing.ALPHABET, CODE_LENGTH), "pr_" + Secrets.randomHex(8),
                    r.worldId(), r.worldTitle(), r.systemId(), r.systemTitle(), r.systemVersion(), r.foundryVersion(),
                    r.clientId(), r.serverFingerprint(), r.upgradeOnly(), Status.PENDING, null,
                    now + REQUEST_TTL.toMillis(), now);
            if (requests.insert(record)) return record;
        }
        throw new IllegalStateException("could not draw an unused pair request code");
    }

    public Optional<PairRequestRecord> find(String code) {
        return requests.find(code);
    }

    public State stateOf(PairRequestRecord r) {
        return switch (r.status()) {
            case PENDING -> r.expiredAt(clock.millis()) ? State.EXPIRED : State.PENDING;
            case APPROVED -> r.expiredAt(clock.millis()) ? State.EXPIRED : State.APPROVED;
            case EXCHANGED -> State.EXCHANGED;
            case DENIED -> State.DENIED;
        };
    }

    /** Answers a status poll. The first poll after approval takes the pairing code; later ones see EXCHANGED. */
    public Poll poll(String code) {
        var found = requests.find(code);
        if (found.isEmpty()) return new Poll.NotFound();
        var r = found.get();
        return switch (stateOf(r)) {
            case PENDING -> new Poll.Pending();
            case APPROVED -> {
                if (r.upgradeOnly()) yield new Poll.Upgraded();
                // The pairing code is minted for the one poll that collects it, so no plain code is ever stored.
                if (!requests.markExchanged(r.id())) yield new Poll.Exchanged();
                yield new Poll.Approved(pairing.createCode(r.accountId(), boundWorld(r, r.accountId()), APPROVED_CODE_TTL).code());
            }
            case EXCHANGED -> new Poll.Exchanged();
            case DENIED -> new Poll.Denied();
            case EXPIRED -> new Poll.Expired();
        };
    }

    /**
     * Approves a pending request for an account. A normal request's world collects a five-minute pairing
     * code on its next poll, bound to the client id the world sent when that world is the account's; an
     * upgrade-only request needs the world to be paired with the account already.
     *
     * @param handle the request's code (what its GM holds), or its id (what an admin's listing shows)
     */
    public Decision approve(String handle, String accountId) {
        var found = findByHandle(handle);
        if (found.isEmpty()) return new Decision.NotFound();
        var r = found.get();
        var state = stateOf(r);
        if (state != State.PENDING) return refusedBecause(r, state);
        if (r.upgradeOnly()) {
            var world = pairedWorld(r, accountId);
            if (world.isEmpty()) return new Decision.Refused(Decision.Why.NOT_YET_PAIRED,
                    "World is not yet paired — cannot upgrade. Pair first.");
            return requests.approve(r.id(), accountId, clock.millis())
                    ? new Decision.Upgraded(world.get().clientId()) : refusedNow(r);
        }
        return requests.approve(r.id(), accountId, clock.millis()) ? new Decision.Approved(boundWorld(r, accountId)) : refusedNow(r);
    }

    // The world's own client id when it asked as one of the account's worlds, so pairing keeps its identity.
    private String boundWorld(PairRequestRecord r, String accountId) {
        return r.clientId() != null && pairing.isWorldOf(accountId, r.clientId()) ? r.clientId() : null;
    }

    /** A handle as typed or linked: a request id as it is (lower case), a code in upper case, as codes are drawn. */
    public static String normalizedHandle(String raw) {
        var h = raw.trim();
        var lower = h.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("pr_") ? lower : h.toUpperCase(java.util.Locale.ROOT);
    }

    /** A request by its code, or by its id (ids start with {@code pr_}; codes never do). */
    public Optional<PairRequestRecord> findByHandle(String handle) {
        if (handle == null) return Optional.empty();
        return handle.startsWith("pr_") ? requests.findById(handle) : requests.find(handle);
    }

    /** Denies a pending request, by its code or its id. */
    public Decision deny(String handle) {
        var found = findByHandle(handle);
        if (found.isEmpty()) return new Decision.NotFound();
        var r = found.get();
        var state = stateOf(r);
        if (state != State.PENDING) return refusedBecause(r, state);
        return requests.deny(r.id(), clock.millis()) ? new Decision.Denied() : refusedNow(r);
    }

    /** Requests waiting for a decision, oldest first. */
    public List<PairRequestRecord> pending() {
        return requests.listPending(clock.millis());
    }

    private Optional<WorldRecord> pairedWorld(PairRequestRecord r, String accountId) {
        if (r.clientId() != null) return worlds.find(accountId, r.clientId());
        return worlds.listByAccount(accountId).stream().filter(w -> r.worldId().equals(w.worldId())).findFirst();
    }

    // The request changed between reading and deciding (another operator, or it just expired).
    private Decision refusedNow(PairRequestRecord r) {
        return requests.findById(r.id()).map(now -> refusedBecause(now, stateOf(now)))
                .orElseGet(Decision.NotFound::new);
    }

    private static Decision refusedBecause(PairRequestRecord r, State state) {
        var what = switch (state) {
            case PENDING -> "still pending";
            case APPROVED, EXCHANGED -> "already approved";
            case DENIED -> "already denied";
            case EXPIRED -> "expired; the world has to ask again";
        };
        var why = state == State.EXPIRED ? Decision.Why.EXPIRED : Decision.Why.NOT_PENDING;
        return new Decision.Refused(why, "pair request " + (r.code() != null ? r.code() : r.id()) + " is " + what);
    }
}
