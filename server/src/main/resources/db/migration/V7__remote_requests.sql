-- World-to-world calls (the module's remote-request): a world's connection token names the worlds of its
-- account it may call ('*' for all), the scopes those calls may use, and an hourly cap. Nothing is allowed
-- until an operator grants it. Every call, refused ones included, is logged; the log also counts the cap.
ALTER TABLE connection_tokens ADD COLUMN allowed_targets TEXT;
ALTER TABLE connection_tokens ADD COLUMN remote_scopes TEXT;
ALTER TABLE connection_tokens ADD COLUMN remote_requests_per_hour INTEGER NOT NULL DEFAULT 100;

CREATE TABLE remote_requests (
    id               TEXT PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    source_client_id TEXT NOT NULL,
    target_client_id TEXT,
    action           TEXT,
    token_id         TEXT,
    outcome          TEXT NOT NULL,
    error            TEXT,
    duration_ms      BIGINT,
    created_at       BIGINT NOT NULL
);

CREATE INDEX idx_remote_requests_source ON remote_requests(account_id, source_client_id, created_at);
