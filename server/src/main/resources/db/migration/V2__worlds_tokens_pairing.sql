-- Worlds (Foundry clients) an account has paired, connection tokens they authenticate with, and the two
-- pairing flows: codes typed into the module, and device-flow requests approved by an operator.

CREATE TABLE worlds (
    account_id         TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    client_id          TEXT NOT NULL,
    world_id           TEXT,
    world_title        TEXT,
    foundry_version    TEXT,
    system_id          TEXT,
    system_title       TEXT,
    system_version     TEXT,
    custom_name        TEXT,
    public_url         TEXT,
    server_fingerprint TEXT,
    first_seen_at      BIGINT NOT NULL,
    last_seen_at       BIGINT NOT NULL,
    PRIMARY KEY (account_id, client_id)
);

CREATE INDEX idx_worlds_account_world ON worlds(account_id, world_id);

-- Only the SHA-256 of a token is kept. A revoked token keeps its row (revoked_at set) so running relays
-- can notice the revocation and close the world's socket.
CREATE TABLE connection_tokens (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    client_id    TEXT,
    source       TEXT NOT NULL,
    allowed_ips  TEXT,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

CREATE INDEX idx_tokens_account ON connection_tokens(account_id);
CREATE INDEX idx_tokens_revoked ON connection_tokens(revoked_at);

CREATE TABLE pairing_codes (
    code        TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    client_id   TEXT,
    expires_at  BIGINT NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

CREATE TABLE pair_requests (
    code               TEXT PRIMARY KEY,
    world_id           TEXT NOT NULL,
    world_title        TEXT,
    system_id          TEXT,
    system_title       TEXT,
    system_version     TEXT,
    foundry_version    TEXT,
    client_id          TEXT,
    server_fingerprint TEXT,
    status             TEXT NOT NULL,
    pairing_code       TEXT,
    account_id         TEXT REFERENCES accounts(id) ON DELETE CASCADE,
    expires_at         BIGINT NOT NULL,
    created_at         BIGINT NOT NULL
);
