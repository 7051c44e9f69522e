-- A device-flow request may ask only to confirm an already paired world ("upgrade"); approving it must
-- not mint a pairing code, so the request has to remember which kind it is until the operator decides.
ALTER TABLE pair_requests ADD COLUMN upgrade_only INTEGER NOT NULL DEFAULT 0;
