-- A headless world's module connecting to another relay is matched to its session by the connection token.
CREATE INDEX idx_headless_sessions_token ON headless_sessions(token_id);
