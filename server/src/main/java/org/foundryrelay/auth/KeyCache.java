package org.foundryrelay.auth;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.foundryrelay.store.ApiKeyRecord;
import org.foundryrelay.store.ApiKeyRepository;
import org.foundryrelay.store.StoreException;
import org.foundryrelay.store.StoreVersion;

/**
 * Key rows by hash, remembered together with the store version they were read at and used only while the
 * store has not changed since. Any commit, from this process or another (the CLI revoking or disabling a
 * key), changes the version, so the next request reads the row again: revocation still takes effect on
 * the very next request. Without a version (PostgreSQL) every lookup reads the store.
 */
final class KeyCache {
    private static final int MAX_ENTRIES = 10_000;

    private final ApiKeyRepository keys;
    private final StoreVersion version;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(long version, ApiKeyRecord key) {}

    KeyCache(ApiKeyRepository keys, StoreVersion version) {
        this.keys = keys;
        this.version = version;
    }

    Optional<ApiKeyRecord> findByHash(String hash) {
        if (version == null) return keys.findByHash(hash);
        long now;
        try {
            now = version.current();
        } catch (StoreException e) {
            return keys.findByHash(hash); // the row read decides, as without a cache
        }
        var cached = entries.get(hash);
        if (cached != null && cached.version == now) return Optional.of(cached.key);
        // Read after taking the version: a commit racing with this read changes the version, so the
        // entry is re-read on next use rather than trusted.
        var found = keys.findByHash(hash);
        if (found.isPresent()) {
            if (entries.size() >= MAX_ENTRIES) entries.clear();
            entries.put(hash, new Entry(now, found.get()));
        } else {
            entries.remove(hash);
        }
        return found;
    }
}
