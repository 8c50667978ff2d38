-- Identity verification. Verifications themselves are audit events
-- (verification.recorded); nothing here holds a document or a plain code.

-- The person the data is about, when a guardian or an authorised agent asks
-- for them (the requester columns hold whoever wrote in).
ALTER TABLE cases ADD COLUMN subject_name TEXT;
ALTER TABLE cases ADD COLUMN subject_email TEXT;

-- One-time codes, one row per code generated. A code is generated only as the
-- reply carrying it leaves (sent or exported); the queued reply and every
-- stored copy hold a placeholder, and this table only a salted PBKDF2 digest.
CREATE TABLE codes (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    outbox_id  INTEGER NOT NULL REFERENCES outbox (id),
    sent_to    TEXT    NOT NULL,   -- only mail from this address can answer with the code
    salt       BLOB    NOT NULL,
    digest     BLOB    NOT NULL,
    issued_at  TEXT    NOT NULL,   -- RFC 3339
    expires_on TEXT    NOT NULL,   -- the last local date it is accepted, as the mail says
    attempts   INTEGER NOT NULL DEFAULT 0,
    state      TEXT    NOT NULL CHECK (state IN ('active', 'used', 'superseded', 'exhausted'))
);
CREATE INDEX codes_by_case ON codes (case_id, id);
