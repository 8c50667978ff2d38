-- Replies waiting to leave, and what happened when they tried. The message
-- itself (raw bytes, fixed Message-ID) is a row of `messages` with direction
-- 'out', composed once when queued so every attempt sends the same bytes.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    message         INTEGER NOT NULL UNIQUE REFERENCES messages (id),
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    template        TEXT,
    envelope_from   TEXT    NOT NULL,
    recipients      TEXT    NOT NULL,   -- JSON array of addresses
    state           TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TEXT,               -- RFC 3339; NULL: only when asked
    queued_at       TEXT    NOT NULL,
    attempted_at    TEXT,               -- start of the latest attempt
    sent_at         TEXT,
    server_reply    TEXT
);
-- The sender's work list stays small however many replies were ever sent.
CREATE INDEX outbox_pending ON outbox (id) WHERE state IN ('queued', 'sending', 'failed');
CREATE INDEX outbox_by_case ON outbox (case_id, id);
