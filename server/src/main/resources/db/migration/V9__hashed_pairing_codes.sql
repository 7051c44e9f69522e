-- Pairing codes and device-flow request codes are secrets: from now on only their SHA-256 is stored. A pair
-- request gets a non-secret id, the handle an operator lists and approves it by; the pairing code an approved
-- request hands its world is minted when the world collects it, so it is never stored in plain either.
-- Codes and requests live minutes, so the ones stored in plain before are dropped rather than converted.
DELETE FROM pairing_codes;
DELETE FROM pair_requests;
ALTER TABLE pair_requests ADD COLUMN id TEXT;
CREATE UNIQUE INDEX pair_requests_id ON pair_requests (id);
