-- Headless sessions: the relay's own Chromium logged into a Foundry server as one of its users. A row
-- outlives its session, so GET /session can say how recent sessions ended and a restarted relay can end
-- (and revoke the connection tokens of) sessions it left open. No password is ever stored.
CREATE TABLE headless_sessions (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    instance_id   TEXT NOT NULL,
    token_id      TEXT,
    client_id     TEXT,
    foundry_url   TEXT NOT NULL,
    username      TEXT NOT NULL,
    world_name    TEXT,
    world_id      TEXT,
    world_title   TEXT,
    console_log   TEXT,
    status        TEXT NOT NULL,
    end_reason    TEXT,
    started_at    BIGINT NOT NULL,
    last_activity BIGINT NOT NULL,
    ended_at      BIGINT
);

CREATE INDEX idx_headless_sessions_account ON headless_sessions(account_id, ended_at);
CREATE INDEX idx_headless_sessions_open ON headless_sessions(instance_id, status);
