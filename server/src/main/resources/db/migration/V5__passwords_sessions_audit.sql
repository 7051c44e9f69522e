-- Accounts people sign in to: a login (email, or the name the CLI gave), an Argon2id password hash, a role
-- and an enabled flag. Sign-in sessions, password-reset tokens and the exchange codes of key requests are
-- kept as SHA-256 hashes only. The activity log records who changed what, never a secret or a body.
ALTER TABLE accounts ADD COLUMN email TEXT;
ALTER TABLE accounts ADD COLUMN password_hash TEXT;
ALTER TABLE accounts ADD COLUMN role TEXT NOT NULL DEFAULT 'user';
ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

CREATE UNIQUE INDEX idx_accounts_email ON accounts(email);

CREATE TABLE account_sessions (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL,
    user_agent   TEXT,
    address      TEXT,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL
);

CREATE INDEX idx_account_sessions_account ON account_sessions(account_id);

CREATE TABLE password_resets (
    token_hash  TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    expires_at  BIGINT NOT NULL,
    used        INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL
);

-- An integration asking a person for a key. The key itself is minted when the integration collects it, so
-- its plain value is never stored; approval only fixes what the key will allow.
CREATE TABLE key_requests (
    code                  TEXT PRIMARY KEY,
    app_name              TEXT NOT NULL,
    app_description       TEXT,
    app_url               TEXT,
    requested_scopes      TEXT NOT NULL,
    requested_client_ids  TEXT,
    callback_url          TEXT,
    suggested_monthly_limit BIGINT,
    suggested_expiry      TEXT,
    status                TEXT NOT NULL,
    account_id            TEXT REFERENCES accounts(id) ON DELETE CASCADE,
    granted_scopes        TEXT,
    granted_client_ids    TEXT,
    granted_monthly_limit BIGINT,
    granted_expires_at    BIGINT,
    key_id                TEXT,
    exchange_hash         TEXT,
    expires_at            BIGINT NOT NULL,
    created_at            BIGINT NOT NULL
);

-- No foreign key: entries are written in batches after the fact, and an entry about an account deleted in
-- the meantime must not fail the batch. Account deletion removes its entries explicitly.
CREATE TABLE audit_log (
    id          TEXT PRIMARY KEY,
    at          BIGINT NOT NULL,
    account_id  TEXT NOT NULL,
    actor       TEXT,
    key_id      TEXT,
    key_name    TEXT,
    client_id   TEXT,
    action      TEXT NOT NULL,
    status      INTEGER,
    ms          BIGINT,
    detail      TEXT
);

CREATE INDEX idx_audit_account_at ON audit_log(account_id, at);
CREATE INDEX idx_audit_at ON audit_log(at);
